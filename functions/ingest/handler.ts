import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ingestDrop } from '../../shared/ingest/index.ts';
import { logger } from '../../shared/logging/index.ts';
import { ingestPortsOf } from '../ingestPorts.ts';
import { getRuntime } from '../runtime.ts';
import { parseIngestRecord } from './parseIngestRecord.ts';

const processor = new BatchProcessor(EventType.SQS);

/**
 * Ingest worker: S3 drop notifications (through SQS) and `continue` messages, one record after the
 * other. A record whose work must be retried (a dependency down) throws, and Powertools reports it
 * in `batchItemFailures`; a body that is not a message is logged and dropped (never retried
 * forever); bad files fail their job instead.
 */
async function ingest(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const ports = ingestPortsOf(getRuntime());
  const remainingMs = () => context.getRemainingTimeInMillis();
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const messages = parseIngestRecord(record.body);
    if (!messages) {
      logger.warn('ingest message ignored: not an S3 notification or ingest message', {
        messageId: record.messageId,
      });
      return;
    }
    // SQS hands a message out again when an earlier receipt was not acknowledged (a timeout after
    // the drop was applied, a crash): such a drop, found applied, is left as it is, receipt included.
    const redelivered = Number(record.attributes?.ApproximateReceiveCount ?? 1) > 1;
    try {
      for (const message of messages) {
        await ingestDrop(
          ports,
          redelivered && message.kind === 'drop' ? { ...message, redelivered } : message,
          { remainingMs },
        );
      }
    } catch (error) {
      logger.error('ingest record will be retried', {
        messageId: record.messageId,
        error: (error as Error).name,
      });
      throw error;
    }
  };
  return processPartialResponse(event, handleRecord, processor, {
    context,
    processInParallel: false,
    throwOnFullBatchFailure: false,
  });
}

export const handler = middy<SQSEvent, SQSBatchResponse>().use(injectLambdaContext(logger)).handler(ingest);
