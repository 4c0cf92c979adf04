import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { CorruptRecordError } from '../errors/index.ts';
import type { DropRanges, RangeResult } from './DropRanges.ts';
import { type IngestCheckpoint, parseIngestCheckpoint } from './IngestCheckpoint.ts';

/** Days the items outlive the drop (DynamoDB's TTL deletes them; nothing reads them after the commit). */
const TTL_DAYS = 30;

/**
 * Bytes of a stored value per item: the first parts of a range's checkpoint and result share its
 * item (2 × 190 KiB plus keys stays under DynamoDB's 400 KB); the rest go to items of their own.
 */
export const VALUE_PART_BYTES = 190 * 1024;

type Field = 'checkpoint' | 'result';

/** A value as its range item holds it: its JSON's first part, and how many parts it has. */
interface StoredValue {
  id: string;
  parts: number;
  text: string;
}

/**
 * A JSON text cut into strings of at most `maxBytes` UTF-8 bytes each, never inside a character
 * (a cut steps back over continuation bytes `10xxxxxx`), so each part is a valid string.
 *
 * @example
 * cutUtf8('aé€😀b', 4); // ['aé', '€', '😀', 'b']
 */
export function cutUtf8(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError('maxBytes: at least 4 (the most bytes of one character)');
  const bytes = Buffer.from(text);
  const parts: string[] = [];
  let start = 0;
  while (start < bytes.length || parts.length === 0) {
    let end = Math.min(start + maxBytes, bytes.length);
    while (end < bytes.length && ((bytes[end] as number) & 0xc0) === 0x80) end--;
    parts.push(bytes.toString('utf8', start, end));
    start = end;
  }
  return parts;
}

const rangeKey = (jobId: string, plan: string, range: number | 'DONE') => ({
  pk: `RANGE#${jobId}`,
  sk: `${plan}#${range}`,
});

/** Part `k` (≥ 1) of a stored value: keyed by the value's id, so a rewrite never mixes with an older one. */
const partKey = (jobId: string, plan: string, range: number, field: Field, id: string, k: number) => ({
  pk: `RANGE#${jobId}`,
  sk: `${plan}#${range}#${field}#${id}#${k}`,
});

/**
 * Ranges of drops as items `pk=RANGE#<jobId>`, `sk=<plan>#<range>` {checkpoint, result} and
 * `<plan>#DONE` {done: number set}. A checkpoint or result is stored as its JSON in parts of
 * {@link VALUE_PART_BYTES}, so a drop naming thousands of segments (a state per list) fits any
 * item; its later parts are written first (a value whose first part is visible is whole), under
 * an id of their own (an older value's parts are left to the TTL).
 */
export class DynamoDropRanges implements DropRanges {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date,
  ) {}

  private ttl(): number {
    return Math.floor(this.now().getTime() / 1000) + TTL_DAYS * 86_400;
  }

  async checkpoint(jobId: string, plan: string, range: number): Promise<IngestCheckpoint | undefined> {
    const checkpoint = await this.value(
      jobId,
      plan,
      range,
      'checkpoint',
      await this.item(jobId, plan, range),
    );
    // Checked like a whole drop's checkpoint: a corrupt one names the range and field.
    return parseIngestCheckpoint({
      jobId: `${jobId} range ${range}`,
      checkpoint: checkpoint as Record<string, unknown> | undefined,
    });
  }

  async saveCheckpoint(
    jobId: string,
    plan: string,
    range: number,
    checkpoint: IngestCheckpoint,
  ): Promise<void> {
    await this.store(jobId, plan, range, 'checkpoint', checkpoint);
  }

  async finish(jobId: string, plan: string, range: number, result: RangeResult): Promise<number> {
    await this.store(jobId, plan, range, 'result', result);
    const key = rangeKey(jobId, plan, 'DONE');
    try {
      // Atomic: exactly one range's update makes the set whole, however the ranges interleave.
      const out = await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'ADD done :r SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(done) OR NOT contains(done, :n)',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':r': new Set([range]), ':n': range, ':ttl': this.ttl() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return (out.Attributes?.done as Set<number> | undefined)?.size ?? 0;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const out = await this.ddb.send(
        new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
      );
      return (out.Item?.done as Set<number> | undefined)?.size ?? 0;
    }
  }

  async results(
    jobId: string,
    plan: string,
    ranges: readonly number[],
  ): Promise<Array<RangeResult | undefined>> {
    // Strongly consistent (a range finished a moment ago): one GetItem each, a few at a time.
    const limit = pLimit(8);
    return Promise.all(
      ranges.map((range) =>
        limit(
          async () =>
            (await this.value(jobId, plan, range, 'result', await this.item(jobId, plan, range))) as
              | RangeResult
              | undefined,
        ),
      ),
    );
  }

  private async item(
    jobId: string,
    plan: string,
    range: number,
  ): Promise<Record<string, unknown> | undefined> {
    const key = rangeKey(jobId, plan, range);
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return out.Item;
  }

  /** Stores `value` as `field` of the range's item: its later parts first, then the first. */
  private async store(
    jobId: string,
    plan: string,
    range: number,
    field: Field,
    value: unknown,
  ): Promise<void> {
    const texts = cutUtf8(JSON.stringify(value), VALUE_PART_BYTES);
    const id = randomUUID();
    const ttl = this.ttl();
    for (let k = 1; k < texts.length; k++) {
      const Item = { ...partKey(jobId, plan, range, field, id, k), text: texts[k], ttl };
      await this.ddb.send(new PutCommand({ TableName: this.table, Item }));
    }
    const stored: StoredValue = { id, parts: texts.length, text: texts[0] ?? '' };
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: rangeKey(jobId, plan, range),
        UpdateExpression: 'SET #f = :v, #ttl = :ttl',
        ExpressionAttributeNames: { '#f': field, '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':v': stored, ':ttl': ttl },
      }),
    );
  }

  /** The value `field` of a range's item holds, its parts joined (undefined: none stored). */
  private async value(
    jobId: string,
    plan: string,
    range: number,
    field: Field,
    item: Record<string, unknown> | undefined,
  ): Promise<unknown> {
    const stored = item?.[field] as StoredValue | undefined;
    if (!stored) return undefined;
    const chunks = [stored.text];
    for (let k = 1; k < stored.parts; k++) {
      const Key = partKey(jobId, plan, range, field, stored.id, k);
      const out = await this.ddb.send(new GetCommand({ TableName: this.table, Key, ConsistentRead: true }));
      const text = out.Item?.text as string | undefined;
      if (text === undefined)
        throw new CorruptRecordError(`job ${jobId} range ${range}: ${field} part ${k} is missing`);
      chunks.push(text);
    }
    try {
      return JSON.parse(chunks.join(''));
    } catch {
      throw new CorruptRecordError(`job ${jobId} range ${range}: ${field} is not JSON`);
    }
  }
}
