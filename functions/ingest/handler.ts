import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ingestDrop, parseIngestRecord } from '../../shared/ingest/index.ts';
import { logger } from '../../shared/logging/index.ts';
import { getRuntime } from '../runtime.ts';

/**
 * Ingest worker: S3 drop notifications (through SQS) and `continue` messages. A record whose work
 * must be retried (a dependency down) is reported in `batchItemFailures`; a body that
 * is not a message is logged and dropped (never retried forever); bad files fail their job instead.
 */
async function ingest(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const runtime = getRuntime();
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const messages = parseIngestRecord(record.body);
    if (!messages) {
      logger.warn('ingest message ignored: not an S3 notification or ingest message', {
        messageId: record.messageId,
      });
      continue;
    }
    try {
      for (const message of messages) {
        await ingestDrop(runtime, message, { remainingMs: () => context.getRemainingTimeInMillis() });
      }
    } catch (error) {
      logger.error('ingest record will be retried', {
        messageId: record.messageId,
        error: (error as Error).name,
      });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}

export const handler = middy<SQSEvent, SQSBatchResponse>().use(injectLambdaContext(logger)).handler(ingest);
