import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchWrite, queryPages, type WriteRequest } from '../stores/index.ts';
import { TABLE_KEYS } from '../stores/tableDefinition.ts';
import { auditPartition } from './auditItems.ts';

const DAY_MS = 86_400_000;
/** Days a first sweep looks back past the newest expired day (a stack started on older data). */
const FIRST_LOOKBACK_DAYS = 31;
const STATE_KEY = { pk: 'AUDIT_SWEEP', sk: 'STATE' };

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Deletes expired audit records, day partition by day partition, where DynamoDB TTL does not run
 * (dynalite has none). The same code is right in AWS: it deletes only records whose `ttl` passed
 * (what TTL deletes, up to two days late), so running it beside TTL changes nothing but timing.
 * A day is swept once wholly expired (its last record's `ttl` passed); the next day to sweep is
 * kept in `AUDIT_SWEEP/STATE`, so a stack stopped for weeks catches up.
 *
 * @example
 * const deleted = await new DynamoAuditRetention(ddb, table, 400, () => new Date()).sweep();
 */
export class DynamoAuditRetention {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays: number,
    private readonly now: () => Date,
  ) {}

  /** Sweeps every wholly expired day not swept yet; returns the records deleted. */
  async sweep(): Promise<number> {
    const nowMs = this.now().getTime();
    // The newest day whose records (written by its end) all expired by now.
    const last = dayOf(nowMs - (this.retentionDays + 1) * DAY_MS);
    const state = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: STATE_KEY, ConsistentRead: true }),
    );
    const next = typeof state.Item?.next === 'string' ? state.Item.next : undefined;
    let day = next ?? dayOf(Date.parse(last) - FIRST_LOOKBACK_DAYS * DAY_MS);
    let deleted = 0;
    while (day <= last) {
      deleted += await this.sweepDay(day, Math.floor(nowMs / 1000));
      day = dayOf(Date.parse(day) + DAY_MS);
      await this.ddb.send(new PutCommand({ TableName: this.table, Item: { ...STATE_KEY, next: day } }));
    }
    return deleted;
  }

  private async sweepDay(day: string, nowSeconds: number): Promise<number> {
    let deleted = 0;
    const pages = queryPages<Record<string, unknown>>(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': auditPartition(day) },
    });
    for await (const items of pages) {
      const requests: WriteRequest[] = [];
      for (const item of items) {
        const ttl = item[TABLE_KEYS.ttl];
        // Records written before they carried a `ttl` are as old as their day: expired too.
        if (typeof ttl === 'number' && ttl > nowSeconds) continue;
        requests.push({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } });
      }
      await batchWrite(this.ddb, this.table, requests);
      deleted += requests.length;
    }
    return deleted;
  }
}
