import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

/** Ingest worker: S3 drop notifications (through SQS) and continuation messages. Placeholder until ingest lands. */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
};
