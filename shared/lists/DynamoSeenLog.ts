import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPages, type WriteRequest } from '../stores/index.ts';
import { SHARD_COUNT, shardOf } from './shardOf.ts';

/** Seen keys one sweep pass holds at most (≈ 100 bytes each in a Set); beyond, a shard is swept in more passes. */
export const SWEEP_KEYS = 100_000;
/** Days a log outlives its write: DynamoDB's TTL deletes it for free (a resumed job reads it meanwhile). */
const TTL_DAYS = 30;

/** A chunk of a write session's seen keys of one member shard. */
interface SeenChunk {
  pk: string;
  sk: string;
  k: string[];
  ttl: number;
}

/** Keeps a key in the pass `j` of `passes` over its shard (`passes` a power of two). */
const passOf = (key: string, passes: number): number =>
  passes === 1 ? 0 : Math.floor(shardOf(key, SHARD_COUNT * passes) / SHARD_COUNT);

/**
 * The members a `full` write has seen, stored in the table instead of the process's memory: one
 * item per applied batch and member shard holding the batch's keys of that shard
 * (`pk=S#<listId>#<pending version>#<shard>`), so a mark costs 0.02–0.17 of a write unit per
 * member where marking each member item would cost one, and the marks survive a crash (a resumed
 * write of the same pending version reads them too). The sweep loads one shard's keys at a time, in
 * as many passes as keep a pass under SWEEP_KEYS: the memory does not grow with the list.
 * Decision and figures: docs/ingest.md, "Where a full drop keeps what it saw".
 */
export class DynamoSeenLog {
  /** Unique per process run: a resumed run never overwrites a chunk of the run it continues. */
  private readonly run = randomUUID();
  private seq = 0;

  constructor(
    private readonly deps: {
      ddb: DynamoDBDocumentClient;
      table: string;
      listId: string;
      pendingVersion: number;
      now: () => Date;
      write: (requests: WriteRequest[]) => Promise<void>;
    },
  ) {}

  private pk(shard: number): string {
    return `S#${this.deps.listId}#${this.deps.pendingVersion}#${shard}`;
  }

  /** Stores the keys (durable when this resolves: before the checkpoint that counts their lines). */
  async add(keys: Iterable<string>): Promise<void> {
    const byShard = new Map<number, string[]>();
    for (const key of keys) {
      const shard = shardOf(key, SHARD_COUNT);
      const group = byShard.get(shard);
      if (group) group.push(key);
      else byShard.set(shard, [key]);
    }
    if (byShard.size === 0) return;
    const ttl = Math.floor(this.deps.now().getTime() / 1000) + TTL_DAYS * 86_400;
    const requests: WriteRequest[] = [];
    for (const [shard, k] of byShard) {
      const item: SeenChunk = { pk: this.pk(shard), sk: `${this.run}#${this.seq++}`, k, ttl };
      requests.push({ PutRequest: { Item: item as unknown as Record<string, unknown> } });
    }
    await this.deps.write(requests);
  }

  /**
   * The passes over one shard: each a predicate true for the keys seen, or outside the pass (the
   * sweep leaves those to another pass). Strongly consistent reads: a chunk written a moment ago
   * must count, or its members would be removed.
   */
  async *passes(shard: number): AsyncGenerator<(key: string) => boolean> {
    let passes = 1;
    let pass = 0;
    while (pass < passes) {
      const seen = await this.load(shard, pass, passes);
      if (seen === undefined) {
        passes *= 2;
        pass = 0;
        continue;
      }
      const current = pass;
      const count = passes;
      yield (key) => seen.has(key) || passOf(key, count) !== current;
      pass += 1;
    }
  }

  /** The shard's keys of one pass, or undefined when they are more than SWEEP_KEYS. */
  private async load(shard: number, pass: number, passes: number): Promise<Set<string> | undefined> {
    const seen = new Set<string>();
    const pages = queryPages<SeenChunk>(this.deps.ddb, {
      TableName: this.deps.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': this.pk(shard) },
      ConsistentRead: true,
    });
    for await (const chunks of pages) {
      for (const chunk of chunks) {
        for (const key of chunk.k) if (passOf(key, passes) === pass) seen.add(key);
      }
      if (seen.size > SWEEP_KEYS) return undefined;
    }
    return seen;
  }
}
