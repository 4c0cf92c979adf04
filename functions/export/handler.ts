import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { runExport } from '../../shared/exports/index.ts';
import { jobIdSchema } from '../../shared/jobs/schemas.ts';
import { logger } from '../../shared/logging/index.ts';
import { getRuntime } from '../runtime.ts';

const messageSchema = z.object({ jobId: jobIdSchema });

/**
 * Export worker: `{jobId}` messages from the export queue, one `runExport` each. A message whose
 * export is busy (another run holds the lease) or failed on a dependency is handed back
 * (`batchItemFailures`) for redelivery; a malformed message is dropped with a log line.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const runtime = getRuntime();
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        body = undefined;
      }
      const message = messageSchema.safeParse(body);
      if (!message.success) {
        logger.error('export message dropped: expected {jobId}', { messageId: record.messageId });
        continue;
      }
      try {
        const outcome = await runExport(runtime, message.data.jobId);
        if (outcome === 'busy') batchItemFailures.push({ itemIdentifier: record.messageId });
      } catch {
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
