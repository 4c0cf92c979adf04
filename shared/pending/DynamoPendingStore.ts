import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, batchWrite, type WriteRequest } from '../stores/index.ts';
import type { PendingMembership, PendingStore } from './PendingStore.ts';

const pkOf = (key: string) => `PEND#${key}`;
/** The marker's sort key: list IDs never start with `#` (ListIdLimits). */
const MARKER = '#';

/**
 * Pending memberships in the single table: `pk=PEND#<refKey>`, `sk=<listId>` {keys, ts, exp},
 * and per key a marker `sk=#` {exp}, so "has any of these IDs a pending membership?" is one
 * BatchGet per 100 IDs instead of a Query per ID (the links of an ID-sync drop ask it per row).
 * dynalite has no TTL: `exp` is checked by the reader, and expired items are deleted when read.
 *
 * @example
 * await pending.put([{ key: 'ID#dpid:7001#P-9', listId: 'aam.71', keys: ['ID#dpid:7001#P-9'], ts, exp }]);
 * await pending.markedAmong(['ID#dpid:7001#P-9']); // Set { 'ID#dpid:7001#P-9' }
 */
export class DynamoPendingStore implements PendingStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(memberships: readonly PendingMembership[]): Promise<void> {
    const requests = new Map<string, WriteRequest>();
    for (const m of memberships) {
      const pk = pkOf(m.key);
      requests.set(`${pk}\n${m.listId}`, {
        PutRequest: { Item: { pk, sk: m.listId, keys: [...m.keys], ts: m.ts, exp: m.exp } },
      });
      // The latest expiry wins: every membership kept now expires no earlier than the last one.
      requests.set(`${pk}\n${MARKER}`, { PutRequest: { Item: { pk, sk: MARKER, exp: m.exp } } });
    }
    await batchWrite(this.ddb, this.table, [...requests.values()]);
  }

  async remove(
    entries: ReadonlyArray<{ key: string; listId: string }>,
    emptied: readonly string[] = [],
  ): Promise<void> {
    const requests = new Map<string, WriteRequest>();
    for (const { key, listId } of [...entries, ...emptied.map((key) => ({ key, listId: MARKER }))]) {
      const pk = pkOf(key);
      requests.set(`${pk}\n${listId}`, { DeleteRequest: { Key: { pk, sk: listId } } });
    }
    await batchWrite(this.ddb, this.table, [...requests.values()]);
  }

  async markedAmong(keys: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return new Set();
    const found = await batchGet(
      this.ddb,
      this.table,
      unique.map((key) => ({ pk: pkOf(key), sk: MARKER })),
    );
    return new Set(found.map((item) => String(item.pk).slice('PEND#'.length)));
  }

  async ofKey(key: string): Promise<PendingMembership[]> {
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pkOf(key) },
        ConsistentRead: true,
      }),
    );
    const items = out.Items ?? [];
    const memberships = items
      .filter((item) => item.sk !== MARKER)
      .map((item) => ({
        key,
        listId: String(item.sk),
        keys: Array.isArray(item.keys) ? item.keys.map(String) : [key],
        ts: Number(item.ts ?? 0),
        exp: Number(item.exp ?? 0),
      }));
    if (memberships.length === 0 && items.length > 0) await this.remove([], [key]);
    return memberships;
  }
}
