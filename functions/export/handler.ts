import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { deliverAfterExport, deliverExport } from '../../shared/delivery/index.ts';
import { runExport } from '../../shared/exports/index.ts';
import { jobIdSchema } from '../../shared/jobs/schemas.ts';
import { logger } from '../../shared/logging/index.ts';
import { deliveryPortsOf } from '../deliveryPorts.ts';
import { exportPortsOf } from '../exportPorts.ts';
import { getRuntime } from '../runtime.ts';

const messageSchema = z.object({ jobId: jobIdSchema });
const processor = new BatchProcessor(EventType.SQS);

/** An export another run holds the lease of: handed back to the queue for redelivery. */
class ExportBusyError extends Error {
  override name = 'ExportBusyError';
}

function parseMessage(body: string): { jobId: string } | undefined {
  try {
    const message = messageSchema.safeParse(JSON.parse(body));
    return message.success ? message.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Export worker: `{jobId}` messages from the export queue, one after the other: `runExport` for
 * an export (its files, once published, queued for delivery when its shared audience names a
 * destination), `deliverExport` for a delivery (`deliver:<exportJobId>`), and a rule list's
 * materialisation (`materialize:<listId>`). A message whose export is busy (another run holds the lease) or failed on a dependency
 * throws, and Powertools hands it back (`batchItemFailures`) for redelivery; a malformed message
 * is dropped with a log line.
 */
async function exportRecords(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const runtime = getRuntime();
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const message = parseMessage(record.body);
    if (!message) {
      logger.error('export message dropped: expected {jobId}', { messageId: record.messageId });
      return;
    }
    const { jobId } = message;
    const delivery = deliveryPortsOf(runtime);
    const outcome = jobId.startsWith('materialize:')
      ? await runtime.materializeJobs.run(jobId)
      : jobId.startsWith('deliver:')
        ? await deliverExport(delivery, jobId)
        : await runExport(exportPortsOf(runtime), jobId, {
            afterPublish: (job, outputKeys) => deliverAfterExport(delivery, job, outputKeys),
          });
    if (outcome === 'busy') throw new ExportBusyError(jobId);
  };
  return processPartialResponse(event, handleRecord, processor, {
    context,
    processInParallel: false,
    throwOnFullBatchFailure: false,
  });
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(exportRecords);
