import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGet, batchWrite, type WriteRequest } from '../stores/index.ts';

type Key = { pk: string; sk: string };
type Item = Record<string, unknown>;

interface Waiting<T, R> {
  input: readonly T[];
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the member reads and writes that several list writes ask for in the same turn of the
 * event loop into shared BatchGetItem / BatchWriteItem requests (the DataLoader pattern): ingest
 * applies one batch to many lists at once, and each list alone would send part-filled requests
 * (≈40 keys of 100). Flushed on `setImmediate`, so every caller that got there by promise
 * continuations alone shares the flush; a caller that waited on I/O joins the next one.
 *
 * Callers name each key at most once per call. Two callers naming the same partition key in one
 * flush (two writes to one list) are never merged: the later one goes to a following round, so
 * one request never names a key twice and each caller's writes keep their order.
 *
 * @example
 * const coalescer = new RequestCoalescer(ddb, table);
 * const [a, b] = await Promise.all([coalescer.get(keysOfListA), coalescer.get(keysOfListB)]);
 * // one BatchGetItem when the two lists name 100 keys between them
 */
export class RequestCoalescer {
  private gets: Waiting<Key, Item[]>[] = [];
  private writes: Waiting<WriteRequest, void>[] = [];
  private scheduled = false;

  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The stored items among `keys` (no particular order). */
  get(keys: readonly Key[]): Promise<Item[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.gets.push({ input: keys, resolve, reject });
      this.schedule();
    });
  }

  /** Sends the puts and deletes (each key at most once). */
  write(requests: readonly WriteRequest[]): Promise<void> {
    if (requests.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.writes.push({ input: requests, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const gets = this.gets;
      const writes = this.writes;
      this.gets = [];
      this.writes = [];
      void this.flushGets(gets);
      void this.flushWrites(writes);
    });
  }

  private async flushGets(waiting: Waiting<Key, Item[]>[]): Promise<void> {
    if (waiting.length === 0) return;
    const { round, later, owner } = splitRound<Key, Waiting<Key, Item[]>>(waiting, (key) => key.pk);
    const keys: Key[] = [];
    for (const w of round) for (const key of w.input) keys.push(key);
    try {
      const found = await batchGet(this.ddb, this.table, keys);
      const results = new Map<Waiting<Key, Item[]>, Item[]>(round.map((w) => [w, []]));
      for (const item of found) {
        const w = owner.get(String(item.pk));
        if (w) results.get(w)?.push(item);
      }
      for (const w of round) w.resolve(results.get(w) ?? []);
    } catch (error) {
      for (const w of round) w.reject(error);
    }
    await this.flushGets(later);
  }

  private async flushWrites(waiting: Waiting<WriteRequest, void>[]): Promise<void> {
    if (waiting.length === 0) return;
    const { round, later } = splitRound<WriteRequest, Waiting<WriteRequest, void>>(waiting, pkOfRequest);
    const requests: WriteRequest[] = [];
    for (const w of round) for (const request of w.input) requests.push(request);
    try {
      await batchWrite(this.ddb, this.table, requests);
      for (const w of round) w.resolve();
    } catch (error) {
      for (const w of round) w.reject(error);
    }
    await this.flushWrites(later);
  }
}

function pkOfRequest(request: WriteRequest): string {
  return String('PutRequest' in request ? request.PutRequest.Item.pk : request.DeleteRequest.Key.pk);
}

/**
 * The callers that can share one request round (no partition key named by two of them), the
 * rest for a later round, and which caller each partition key of the round belongs to.
 */
function splitRound<T, W extends { input: readonly T[] }>(
  waiting: readonly W[],
  pkOf: (entry: T) => string,
): { round: W[]; later: W[]; owner: Map<string, W> } {
  const owner = new Map<string, W>();
  const round: W[] = [];
  const later: W[] = [];
  for (const w of waiting) {
    // One pass: claim each new partition key; on a clash (rare) undo this caller's claims.
    const claimed: string[] = [];
    let clash = false;
    for (const entry of w.input) {
      const pk = pkOf(entry);
      const other = owner.get(pk);
      if (other === undefined) {
        owner.set(pk, w);
        claimed.push(pk);
      } else if (other !== w) {
        clash = true;
        break;
      }
    }
    if (clash) {
      for (const pk of claimed) owner.delete(pk);
      later.push(w);
    } else round.push(w);
  }
  return { round, later, owner };
}
