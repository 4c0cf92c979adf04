import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryPages } from '../stores/index.ts';
import type { RecipientChangeLog } from './RecipientChangeLog.ts';
import type { RecipientLogPosition } from './RuleDefinition.ts';

const PK = 'RCHG';
/** IDs per entry: a bulk load's batch is one entry (well below the 400 KB item limit). */
const IDS_PER_ENTRY = 1_000;

export interface DynamoRecipientChangeLogOptions {
  now?: () => Date;
  /** How far behind the last read the next read starts: longer than any write takes to land. */
  marginMs?: number;
}

/**
 * The recipient change log in the single table: `pk=RCHG`, `sk=<ISO time>#<uuid>` {ids}. One
 * entry per write batch (a `PUT /v1/recipients` is one, a recipients drop one per 1,000 changed
 * recipients). Entries are kept (no TTL in the local emulator); a reader only queries its window.
 *
 * @example
 * const log = new DynamoRecipientChangeLog(ddb, table);
 * await log.record(['r-1']);
 * const { recipientIds, position } = await log.changedSince(saved);
 */
export class DynamoRecipientChangeLog implements RecipientChangeLog {
  private readonly now: () => Date;
  private readonly marginMs: number;

  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    options: DynamoRecipientChangeLogOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.marginMs = options.marginMs ?? 60_000;
  }

  async record(recipientIds: readonly string[]): Promise<void> {
    for (let start = 0; start < recipientIds.length; start += IDS_PER_ENTRY) {
      const sk = `${this.now().toISOString()}#${randomUUID()}`;
      const ids = recipientIds.slice(start, start + IDS_PER_ENTRY);
      await this.ddb.send(new PutCommand({ TableName: this.table, Item: { pk: PK, sk, ids } }));
    }
  }

  async positionNow(): Promise<RecipientLogPosition> {
    return (await this.changedSince({ cursor: this.cursorAt(this.now()), seen: [] })).position;
  }

  private cursorAt(time: Date): string {
    return new Date(time.getTime() - this.marginMs).toISOString();
  }

  async changedSince(position: RecipientLogPosition | undefined) {
    const readAt = this.now();
    const seen = new Set(position?.seen ?? []);
    const cursor = this.cursorAt(readAt);
    const recipientIds = new Set<string>();
    const recent: string[] = [];
    let fresh = 0;
    const pages = queryPages<{ sk: string; ids?: string[] }>(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk > :after',
      ExpressionAttributeValues: { ':pk': PK, ':after': position?.cursor ?? '' },
      ConsistentRead: true,
    });
    for await (const items of pages) {
      for (const item of items) {
        if (item.sk > cursor) recent.push(item.sk);
        if (seen.has(item.sk)) continue;
        fresh++;
        for (const id of item.ids ?? []) recipientIds.add(id);
      }
    }
    return { recipientIds, fresh, position: { cursor, seen: recent } };
  }
}
