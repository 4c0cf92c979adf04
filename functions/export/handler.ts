import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

/** Export worker: `{jobId}` messages from the export queue. Placeholder until export lands. */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
};
