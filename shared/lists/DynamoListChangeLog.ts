import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchWrite, queryPages, type WriteRequest } from '../stores/index.ts';
import type { ListChangeLog } from './ListChangeLog.ts';

/** Keys per log item: 1,000 recipient IDs stay far below DynamoDB's 400 KB item limit. */
const KEYS_PER_ITEM = 1_000;
const SEAL = 'S';

const pkOf = (listId: string) => `CHG#${listId}`;
const versionPart = (version: number) => String(version).padStart(12, '0');

/**
 * The change log in the single table: `pk=CHG#<listId>`, `sk=<version>#<epoch>#<chunk>` {keys},
 * and `sk=<version>#S` once the version's log is complete. A version's changes are one Query
 * (`sk` between two versions), about one read unit per 4 KB of keys: a few reads per thousand
 * changed members, whatever the list's size. Written by the list write at each checkpoint and
 * before its commit, so a reader never sees a committed version without its log.
 *
 * @example
 * const log = new DynamoListChangeLog(ddb, table);
 * const keys = await log.changedSince('aam.4321', 7, 9); // Set of member keys, or undefined
 */
export class DynamoListChangeLog implements ListChangeLog {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(listId: string, version: number, epoch: number, keys: readonly string[]): Promise<void> {
    const requests: WriteRequest[] = [];
    for (let start = 0, chunk = 0; start < keys.length; start += KEYS_PER_ITEM, chunk++) {
      const sk = `${versionPart(version)}#${String(epoch).padStart(12, '0')}#${String(chunk).padStart(6, '0')}`;
      requests.push({
        PutRequest: { Item: { pk: pkOf(listId), sk, keys: keys.slice(start, start + KEYS_PER_ITEM) } },
      });
    }
    await batchWrite(this.ddb, this.table, requests);
  }

  async seal(listId: string, version: number): Promise<void> {
    const Item = { pk: pkOf(listId), sk: `${versionPart(version)}#${SEAL}` };
    await this.ddb.send(new PutCommand({ TableName: this.table, Item }));
  }

  async changedSince(listId: string, after: number, upTo: number): Promise<Set<string> | undefined> {
    const keys = new Set<string>();
    if (upTo <= after) return keys;
    const sealed = new Set<number>();
    const pages = queryPages<{ sk: string; keys?: string[] }>(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': pkOf(listId),
        ':from': `${versionPart(after + 1)}#`,
        ':to': `${versionPart(upTo)}#~`,
      },
    });
    for await (const items of pages) {
      for (const item of items) {
        if (item.sk.endsWith(`#${SEAL}`)) sealed.add(Number(item.sk.slice(0, 12)));
        for (const key of item.keys ?? []) keys.add(key);
      }
    }
    return sealed.size === upTo - after ? keys : undefined;
  }
}
