// Types only (erased at build): DynamoDB's own shapes of the operations it carries.
import type {
  BatchGetItemInput,
  BatchGetItemOutput,
  BatchWriteItemInput,
  BatchWriteItemOutput,
  QueryInput,
  QueryOutput,
} from '@aws-sdk/client-dynamodb';

/**
 * One request as DynamoDB's JSON protocol carries it: items, keys and values already marshalled.
 * Besides the batch calls, the `Select: COUNT` queries of a ranged drop's count pass (hundreds per
 * drop, no item back: the SDK client's per-request work was most of their cost).
 */
export type BatchCall =
  | { operation: 'BatchGetItem'; input: BatchGetItemInput }
  | { operation: 'BatchWriteItem'; input: BatchWriteItemInput }
  | { operation: 'Query'; input: QueryInput & { Select: 'COUNT' } };

/** What DynamoDB answers (found items, what it left unprocessed, a count and where it stopped), still marshalled. */
export type BatchOutput = BatchGetItemOutput &
  BatchWriteItemOutput &
  Pick<QueryOutput, 'Count' | 'LastEvaluatedKey'>;

/**
 * What `batchGet`/`batchWrite` send their requests through (`shared/stores/batch.ts`): the batch
 * calls carry most of ingest's, recipient loads' and export's items, so they get a lighter client
 * than the rest of the stores (`DynamoBatchClient`). Errors are the SDK's service errors (`name`
 * the DynamoDB error code, `$fault`), so the callers and `fromSdkError` recognise them alike.
 */
export interface BatchClient {
  send(call: BatchCall): Promise<BatchOutput>;
}
