import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import type { DropRanges, RangeResult } from './DropRanges.ts';
import { type IngestCheckpoint, parseIngestCheckpoint } from './IngestCheckpoint.ts';

/** Days the items outlive the drop (DynamoDB's TTL deletes them; nothing reads them after the commit). */
const TTL_DAYS = 30;

const rangeKey = (jobId: string, plan: string, range: number | 'DONE') => ({
  pk: `RANGE#${jobId}`,
  sk: `${plan}#${range}`,
});

/** Ranges of drops as items `pk=RANGE#<jobId>`, `sk=<plan>#<range>` {checkpoint, result} and `<plan>#DONE` {done: number set}. */
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
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: rangeKey(jobId, plan, range), ConsistentRead: true }),
    );
    // Checked like a whole drop's checkpoint: a corrupt one names the range and field.
    return parseIngestCheckpoint({ jobId: `${jobId} range ${range}`, checkpoint: out.Item?.checkpoint });
  }

  async saveCheckpoint(
    jobId: string,
    plan: string,
    range: number,
    checkpoint: IngestCheckpoint,
  ): Promise<void> {
    await this.set(rangeKey(jobId, plan, range), 'checkpoint', checkpoint);
  }

  async finish(jobId: string, plan: string, range: number, result: RangeResult): Promise<number> {
    await this.set(rangeKey(jobId, plan, range), 'result', result);
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
        limit(async () => {
          const out = await this.ddb.send(
            new GetCommand({
              TableName: this.table,
              Key: rangeKey(jobId, plan, range),
              ConsistentRead: true,
            }),
          );
          return out.Item?.result as RangeResult | undefined;
        }),
      ),
    );
  }

  private async set(key: { pk: string; sk: string }, field: string, value: unknown): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: key,
        UpdateExpression: 'SET #f = :v, #ttl = :ttl',
        ExpressionAttributeNames: { '#f': field, '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':v': value, ':ttl': this.ttl() },
      }),
    );
  }
}
