import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchWrite, queryPages, TABLE_KEYS, type WriteRequest } from '../stores/index.ts';
import type { ListChangeLog } from './ListChangeLog.ts';

/** Keys per log item: 1,000 recipient IDs stay far below DynamoDB's 400 KB item limit. */
const KEYS_PER_ITEM = 1_000;
const SEAL = 'S';
/** A seal expires this long before its version's first chunk, so clocks apart by less never see a seal without its keys. */
const SEAL_MARGIN_SECONDS = 3_600;
/** Items read per page by the sweep, which stops at the first one not expired (the log is in write order). */
const SWEEP_PAGE = 25;

const pkOf = (listId: string) => `CHG#${listId}`;
const versionPart = (version: number) => String(version).padStart(12, '0');

interface ChangeItem {
  pk: string;
  sk: string;
  keys?: string[];
  ttl?: number;
}

export interface ListChangeLogOptions {
  /** Days a log item is kept (`AB_CHANGE_LOG_RETENTION_DAYS`; docs/rules.md says why 30 by default). */
  retentionDays: number;
  now: () => Date;
}

/**
 * The change log in the single table: `pk=CHG#<listId>`, `sk=<version>#<epoch>#<chunk>` {keys},
 * and `sk=<version>#S` once the version's log is complete. A version's changes are one Query
 * (`sk` between two versions), about one read unit per 4 KB of keys: a few reads per thousand
 * changed members, whatever the list's size. Written by the list write at each checkpoint and
 * before its commit, so a reader never sees a committed version without its log.
 *
 * Every item carries `ttl` (DynamoDB TTL in AWS, `sweep` where there is none). A seal expires
 * with its version's first-written chunk (less a margin), and a reader counts only seals whose
 * `ttl` is still ahead: a version some of whose keys may be gone reads as unknown (a full pass),
 * never as a smaller set of changes.
 *
 * @example
 * const log = new DynamoListChangeLog(ddb, table, { retentionDays: 30, now: () => new Date() });
 * const keys = await log.changedSince('aam.4321', 7, 9); // Set of member keys, or undefined
 */
export class DynamoListChangeLog implements ListChangeLog {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly options: ListChangeLogOptions,
  ) {}

  private nowSeconds(): number {
    return Math.floor(this.options.now().getTime() / 1000);
  }

  async record(listId: string, version: number, epoch: number, keys: readonly string[]): Promise<void> {
    const ttl = this.nowSeconds() + this.options.retentionDays * 86_400;
    const requests: WriteRequest[] = [];
    for (let start = 0, chunk = 0; start < keys.length; start += KEYS_PER_ITEM, chunk++) {
      const sk = `${versionPart(version)}#${String(epoch).padStart(12, '0')}#${String(chunk).padStart(6, '0')}`;
      const Item = {
        pk: pkOf(listId),
        sk,
        keys: keys.slice(start, start + KEYS_PER_ITEM),
        [TABLE_KEYS.ttl]: ttl,
      };
      requests.push({ PutRequest: { Item } });
    }
    await batchWrite(this.ddb, this.table, requests);
  }

  async seal(listId: string, version: number): Promise<void> {
    // The version's first chunk in key order is its first written (epochs only grow; a resumed
    // run rewrites its own epoch, later): the seal must not outlive it.
    const first = await this.ddb.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':pk': pkOf(listId), ':v': `${versionPart(version)}#` },
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const chunkTtl = (first.Items?.[0] as ChangeItem | undefined)?.ttl;
    const ttl = Math.min(
      chunkTtl ?? Number.POSITIVE_INFINITY,
      this.nowSeconds() + this.options.retentionDays * 86_400,
    );
    const Item = {
      pk: pkOf(listId),
      sk: `${versionPart(version)}#${SEAL}`,
      [TABLE_KEYS.ttl]: ttl - SEAL_MARGIN_SECONDS,
    };
    await this.ddb.send(new PutCommand({ TableName: this.table, Item }));
  }

  async changedSince(listId: string, after: number, upTo: number): Promise<Set<string> | undefined> {
    const keys = new Set<string>();
    if (upTo <= after) return keys;
    const sealed = new Set<number>();
    const now = this.nowSeconds();
    const pages = queryPages<ChangeItem>(this.ddb, {
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
        // A seal written before seals expired, or past its expiry: some of its keys may be gone.
        const live = item.ttl !== undefined && item.ttl > now;
        if (item.sk.endsWith(`#${SEAL}`) && live) sealed.add(Number(item.sk.slice(0, 12)));
        for (const key of item.keys ?? []) keys.add(key);
      }
    }
    return sealed.size === upTo - after ? keys : undefined;
  }

  /**
   * Privacy delete: removes the member keys from every entry of the lists' logs (an entry left
   * without keys stays, its version still sealed). Reads each list's whole log, which the
   * retention bounds. Returns the entries rewritten.
   */
  async forget(listIds: readonly string[], memberKeys: readonly string[]): Promise<number> {
    const gone = new Set(memberKeys);
    let rewritten = 0;
    for (const listId of listIds) {
      const pages = queryPages<ChangeItem>(this.ddb, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: memberKeys.map((_, i) => `contains(#keys, :k${i})`).join(' OR '),
        ExpressionAttributeNames: { '#keys': 'keys' },
        ExpressionAttributeValues: {
          ':pk': pkOf(listId),
          ...Object.fromEntries(memberKeys.map((key, i) => [`:k${i}`, key])),
        },
      });
      for await (const items of pages) {
        for (const item of items) {
          await this.rewrite(
            item,
            (item.keys ?? []).filter((key) => !gone.has(key)),
          );
          rewritten++;
        }
      }
    }
    return rewritten;
  }

  private async rewrite(item: ChangeItem, keys: string[]): Promise<void> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET #keys = :keys',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#keys': 'keys' },
          ExpressionAttributeValues: { ':keys': keys },
        }),
      );
    } catch (error) {
      // Expired and deleted meanwhile: nothing of the person is left in it either.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Deletes the lists' expired log items (and those written before items carried `ttl`), where
   * DynamoDB TTL does not run; beside TTL in AWS it changes only timing. Each log is read from its
   * oldest version up to the first item not expired. Returns the items deleted.
   */
  async sweep(listIds: readonly string[]): Promise<number> {
    const now = this.nowSeconds();
    let deleted = 0;
    for (const listId of listIds) {
      const pages = queryPages<ChangeItem>(this.ddb, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pkOf(listId) },
        ProjectionExpression: 'pk, sk, #ttl',
        ExpressionAttributeNames: { '#ttl': TABLE_KEYS.ttl },
        Limit: SWEEP_PAGE,
      });
      for await (const items of pages) {
        const live = items.findIndex((item) => item.ttl !== undefined && item.ttl > now);
        const end = live < 0 ? items.length : live;
        const requests = items
          .slice(0, end)
          .map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }));
        await batchWrite(this.ddb, this.table, requests);
        deleted += requests.length;
        if (live >= 0) break;
      }
    }
    return deleted;
  }
}
