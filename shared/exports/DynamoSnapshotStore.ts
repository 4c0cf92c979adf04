import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGet, batchWrite, queryPages } from '../stores/index.ts';
import type { SnapshotEntry, SnapshotStore } from './SnapshotStore.ts';

const pkOf = (sharedAudience: string, shard: number) => `SNAP#${sharedAudience}#${shard}`;

function fromItem(item: Record<string, unknown>): SnapshotEntry {
  const entry: SnapshotEntry = { memberKey: String(item.sk), v: Number(item.v), id: String(item.id) };
  if (item.pv !== undefined) entry.pv = Number(item.pv);
  if (item.pid !== undefined) entry.pid = String(item.pid);
  return entry;
}

/**
 * Snapshot items in the single table: `pk=SNAP#<sharedAudience>#<shard>`, `sk=<memberKey>`,
 * attributes `v` (generation), `id` (the written ID) and, while an attempt is unpublished,
 * `pv`/`pid` (the published generation and ID). Reads and writes go through `batchGet`/`batchWrite`.
 *
 * @example
 * const snapshots = new DynamoSnapshotStore(ddb, 'audience-bridge');
 * await snapshots.putMany('crm', 3, [{ memberKey: 'r#r1', v: 2, id: '5a…' }]);
 */
export class DynamoSnapshotStore implements SnapshotStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getMany(
    sharedAudience: string,
    shard: number,
    memberKeys: readonly string[],
  ): Promise<Map<string, SnapshotEntry>> {
    const pk = pkOf(sharedAudience, shard);
    const unique = [...new Set(memberKeys)];
    const items = await batchGet(
      this.ddb,
      this.table,
      unique.map((sk) => ({ pk, sk })),
    );
    return new Map(items.map((item) => [String(item.sk), fromItem(item)]));
  }

  async putMany(sharedAudience: string, shard: number, entries: readonly SnapshotEntry[]): Promise<void> {
    const pk = pkOf(sharedAudience, shard);
    await batchWrite(
      this.ddb,
      this.table,
      entries.map(({ memberKey, ...rest }) => ({ PutRequest: { Item: { pk, sk: memberKey, ...rest } } })),
    );
  }

  async *scan(sharedAudience: string, shard: number): AsyncIterable<SnapshotEntry[]> {
    const pages = queryPages(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pkOf(sharedAudience, shard) },
      ConsistentRead: true,
    });
    for await (const items of pages) {
      if (items.length > 0) yield items.map(fromItem);
    }
  }

  async deleteMany(sharedAudience: string, shard: number, memberKeys: readonly string[]): Promise<void> {
    const pk = pkOf(sharedAudience, shard);
    await batchWrite(
      this.ddb,
      this.table,
      memberKeys.map((sk) => ({ DeleteRequest: { Key: { pk, sk } } })),
    );
  }
}
