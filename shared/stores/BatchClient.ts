// Types only (erased at build): DynamoDB's own shapes of the two batch operations.
import type {
  BatchGetItemInput,
  BatchGetItemOutput,
  BatchWriteItemInput,
  BatchWriteItemOutput,
} from '@aws-sdk/client-dynamodb';

/** One batch request as DynamoDB's JSON protocol carries it: items and keys already marshalled. */
export type BatchCall =
  | { operation: 'BatchGetItem'; input: BatchGetItemInput }
  | { operation: 'BatchWriteItem'; input: BatchWriteItemInput };

/** What DynamoDB answers either call (found items, and what it left unprocessed), still marshalled. */
export type BatchOutput = BatchGetItemOutput & BatchWriteItemOutput;

/**
 * What `batchGet`/`batchWrite` send their requests through (`shared/stores/batch.ts`): the batch
 * calls carry most of ingest's, recipient loads' and export's items, so they get a lighter client
 * than the rest of the stores (`DynamoBatchClient`). Errors are the SDK's service errors (`name`
 * the DynamoDB error code, `$fault`), so the callers and `fromSdkError` recognise them alike.
 */
export interface BatchClient {
  send(call: BatchCall): Promise<BatchOutput>;
}
