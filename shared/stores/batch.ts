import type { AttributeValue, WriteRequest as WireRequest } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { chunked, settleAll } from '../async/index.ts';
import { DependencyError } from '../errors/index.ts';
import type { BatchClient } from './BatchClient.ts';

type Key = Record<string, unknown>;
type Item = Record<string, unknown>;
type WireKey = Record<string, AttributeValue>;
export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } };

/** The document client's own marshalling option (`createClients`). */
const MARSHALL = { removeUndefinedValues: true };

/**
 * The batch calls carry most of ingest's items, so they skip the document client: each item is
 * marshalled once here, sent through the lighter client `useBatchClient` registered for the
 * document client (`createClients`), and unprocessed items are retried as DynamoDB returned them.
 */
const batchClients = new WeakMap<DynamoDBDocumentClient, BatchClient>();

/** Sends `ddb`'s batch calls through `client` (same table, endpoint and credentials). */
export function useBatchClient(ddb: DynamoDBDocumentClient, client: BatchClient): void {
  batchClients.set(ddb, client);
}

/** The client `ddb`'s batch calls go through (test hooks and the bench wrap it as they wrap `ddb`). */
export function batchClientOf(ddb: DynamoDBDocumentClient): BatchClient {
  const client = batchClients.get(ddb);
  if (client) return client;
  throw new Error(
    'batch calls: no batch client registered for this document client (createClients registers one)',
  );
}

function toWire(request: WriteRequest): WireRequest {
  return 'PutRequest' in request
    ? { PutRequest: { Item: marshall(request.PutRequest.Item, MARSHALL) } }
    : { DeleteRequest: { Key: marshall(request.DeleteRequest.Key, MARSHALL) } };
}

/** Retry policy for unprocessed items; `sleep` and `random` are injectable for tests. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 25,
  maxDelayMs: 2_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Exponential backoff with full jitter (AWS architecture blog's recommendation). */
export function backoff(policy: RetryPolicy, attempt: number): Promise<void> {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return policy.sleep(Math.floor(policy.random() * cap));
}

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

/**
 * Sends one batch request; a throttling error that outlived the client's own retries counts as
 * "nothing processed" so the caller's backoff loop retries it within the same bound.
 */
async function sendOrThrottled<T>(send: () => Promise<T>): Promise<T | undefined> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof Error && THROTTLING.has(error.name)) return undefined;
    throw error;
  }
}

export const BATCH_GET_LIMIT = 100;
export const BATCH_WRITE_LIMIT = 25;

/**
 * Chunk requests of one `batchGet`/`batchWrite` call in flight at once. DynamoDB latency, not CPU,
 * bounds them: on the bench's stand-in with 5 ms round trips, 32 ingested 1.5× the rows/s of 8.
 */
export const BATCH_CONCURRENCY = 32;

/**
 * Runs `work` on every chunk with at most `BATCH_CONCURRENCY` in flight; stops starting new chunks
 * after a failure and, once the chunks in flight have settled, rejects with the first error.
 */
async function eachChunk<T>(chunks: readonly T[], work: (chunk: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < chunks.length) {
      const chunk = chunks[next++] as T;
      try {
        await work(chunk);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await settleAll(Array.from({ length: Math.min(BATCH_CONCURRENCY, chunks.length) }, worker));
}

/**
 * Reads up to any number of keys with BatchGetItem, 100 per request (up to `BATCH_CONCURRENCY` in
 * parallel), retrying unprocessed keys with backoff; fails with a DependencyError (never a silent
 * drop) when the retries run out. Returns the items found, in no particular order.
 */
export async function batchGet(
  ddb: DynamoDBDocumentClient,
  table: string,
  keys: readonly Key[],
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<Item[]> {
  const found: Item[] = [];
  await eachChunk(chunked(keys, BATCH_GET_LIMIT), async (chunk) => {
    let pending: WireKey[] = chunk.map((key) => marshall(key, MARSHALL));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= policy.maxAttempts) {
        throw new DependencyError(
          `DynamoDB left ${pending.length} keys unprocessed or throttled after ${attempt} attempts`,
        );
      }
      if (attempt > 0) await backoff(policy, attempt);
      const keysNow = pending;
      const out = await sendOrThrottled(() =>
        batchClientOf(ddb).send({
          operation: 'BatchGetItem',
          input: { RequestItems: { [table]: { Keys: keysNow } } },
        }),
      );
      if (!out) continue;
      for (const item of out.Responses?.[table] ?? []) found.push(unmarshall(item));
      pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  });
  return found;
}

/**
 * Writes any number of put/delete requests with BatchWriteItem, 25 per request (up to
 * `BATCH_CONCURRENCY` in parallel), retrying unprocessed items with backoff; fails with a
 * DependencyError when the retries run out. Callers must not name one key twice in a call
 * (DynamoDB refuses such a request; the order of two writes to one key would be undefined).
 */
export async function batchWrite(
  ddb: DynamoDBDocumentClient,
  table: string,
  requests: readonly WriteRequest[],
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<void> {
  await eachChunk(chunked(requests, BATCH_WRITE_LIMIT), async (chunk) => {
    let pending: WireRequest[] = chunk.map(toWire);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= policy.maxAttempts) {
        throw new DependencyError(
          `DynamoDB left ${pending.length} writes unprocessed or throttled after ${attempt} attempts`,
        );
      }
      if (attempt > 0) await backoff(policy, attempt);
      const itemsNow = pending;
      const out = await sendOrThrottled(() =>
        batchClientOf(ddb).send({
          operation: 'BatchWriteItem',
          input: { RequestItems: { [table]: itemsNow } },
        }),
      );
      if (!out) continue;
      pending = out.UnprocessedItems?.[table] ?? [];
    }
  });
}
