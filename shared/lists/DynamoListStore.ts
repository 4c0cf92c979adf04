import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, ValidationError } from '../errors/index.ts';
import type { LeaseStore } from '../leases/index.ts';
import { batchGet, queryAll, queryPages } from '../stores/index.ts';
import { DynamoListChangeLog } from './DynamoListChangeLog.ts';
import { DynamoListWrite } from './DynamoListWrite.ts';
import type { ListStore, ListWrite, ListWriteState, NewList, StoredList } from './ListStore.ts';
import { type MemberItem, memberItemKey, memberOf, shardPk } from './memberItems.ts';
import { publicMeta } from './publicMeta.ts';
import { RequestCoalescer } from './RequestCoalescer.ts';
import { rollbackPending } from './rollbackPending.ts';
import { SHARD_COUNT } from './shardOf.ts';
import type { ListMeta, Member } from './types.ts';
import { isVisible } from './visibility.ts';

export interface DynamoListStoreOptions {
  now?: () => Date;
  /** How long a writer's lease lasts without renewal (renewed at each checkpoint and commit). */
  leaseTtlMs?: number;
  /** Shards a `full` sweep reads at once (BatchWrite parallelism is the batch helpers' own). */
  writeConcurrency?: number;
  /** Tries (with a short pause) before `forgetMember` gives up on a list another job is writing. */
  forgetAttempts?: number;
  forgetPauseMs?: number;
}

const META_PK = 'LISTS';
const metaKey = (listId: string) => ({ pk: META_PK, sk: listId });
const leaseOf = (listId: string) => `list#${listId}`;

function toStored(item: Record<string, unknown>): StoredList {
  return {
    listId: String(item.sk),
    name: String(item.name),
    source: String(item.source),
    ...(item.segmentId !== undefined ? { segmentId: String(item.segmentId) } : {}),
    size: Number(item.size ?? 0),
    updatedAt: String(item.updatedAt),
    version: Number(item.version ?? 0),
    ...(item.lastFullTimestamp !== undefined ? { lastFullTimestamp: Number(item.lastFullTimestamp) } : {}),
  };
}

function encodeCursor(shard: number, sk: string): string {
  return Buffer.from(JSON.stringify({ s: shard, k: sk })).toString('base64url');
}

function decodeCursor(cursor: string): { shard: number; sk: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { s?: unknown; k?: unknown };
    if (typeof parsed.s === 'number' && Number.isInteger(parsed.s) && typeof parsed.k === 'string') {
      if (parsed.s >= 0 && parsed.s < SHARD_COUNT) return { shard: parsed.s, sk: parsed.k };
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError('cursor: expected a cursor returned by a previous page', { field: 'cursor' });
}

/**
 * Lists in the single table. Meta `pk=LISTS, sk=<listId>` {name, source, segmentId, size, updatedAt,
 * version, lastFullTimestamp}; members `pk=M#<listId>#<shard>`, `sk=<memberKey>` {rid | addr+ch,
 * from, until?}. Readers see items with `from ≤ version < until`: a write is invisible until its
 * commit bumps `version` (atomic for readers without transactions).
 *
 * @example
 * const lists = new DynamoListStore(ddb, table, leases);
 * const page = await lists.members('aam.4321', { limit: 100 });
 */
export class DynamoListStore implements ListStore {
  readonly shardCount = SHARD_COUNT;
  private readonly now: () => Date;
  private readonly leaseTtlMs: number;
  private readonly writeConcurrency: number;
  private readonly forgetAttempts: number;
  private readonly forgetPauseMs: number;
  /** Member reads and writes of this store's concurrent list writes share requests (ingest applies many lists at once). */
  private readonly coalescer: RequestCoalescer;
  /** The changed member keys of each committed version (read by rule lists). */
  readonly changeLog: DynamoListChangeLog;

  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly leases: LeaseStore,
    options: DynamoListStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.leaseTtlMs = options.leaseTtlMs ?? 5 * 60_000;
    this.writeConcurrency = options.writeConcurrency ?? 4;
    this.forgetAttempts = options.forgetAttempts ?? 20;
    this.forgetPauseMs = options.forgetPauseMs ?? 250;
    this.coalescer = new RequestCoalescer(ddb, table);
    this.changeLog = new DynamoListChangeLog(ddb, table);
  }

  async getStored(listId: string): Promise<StoredList | undefined> {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: metaKey(listId), ConsistentRead: true }),
    );
    return out.Item ? toStored(out.Item) : undefined;
  }

  async get(listId: string): Promise<ListMeta | undefined> {
    const stored = await this.getStored(listId);
    return stored ? publicMeta(stored) : undefined;
  }

  private async listStored(): Promise<StoredList[]> {
    const items = await queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': META_PK },
    });
    return items.map(toStored);
  }

  async list(): Promise<ListMeta[]> {
    return (await this.listStored()).map(publicMeta);
  }

  async create(list: NewList): Promise<ListMeta> {
    const stored: StoredList = {
      listId: list.listId,
      name: list.name,
      source: list.source,
      ...(list.segmentId !== undefined ? { segmentId: list.segmentId } : {}),
      size: 0,
      updatedAt: this.now().toISOString(),
      version: 0,
    };
    const { listId: _listId, ...attributes } = stored;
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...metaKey(list.listId), ...attributes },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`listId: list ${list.listId} already exists`, { field: 'listId' });
      }
      throw error;
    }
    return publicMeta(stored);
  }

  async ensure(list: NewList): Promise<ListMeta> {
    const existing = await this.get(list.listId);
    if (existing) return existing;
    try {
      return await this.create(list);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const raced = await this.get(list.listId);
      if (!raced) throw error;
      return raced;
    }
  }

  async members(
    listId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ members: Member[]; cursor?: string }> {
    const list = await this.getStored(listId);
    if (!list) throw new NotFoundError(`listId: no list ${listId}`, { field: 'listId' });
    const start = page.cursor ? decodeCursor(page.cursor) : undefined;
    const members: Member[] = [];
    let shard = start?.shard ?? 0;
    // An empty sort key in a cursor means "from the start of that shard".
    let after = start?.sk ? start.sk : undefined;
    let lastSk: string | undefined;
    while (shard < SHARD_COUNT && members.length < page.limit) {
      const out = await this.ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': shardPk(listId, shard) },
          ExclusiveStartKey: after !== undefined ? { pk: shardPk(listId, shard), sk: after } : undefined,
          Limit: Math.max(page.limit - members.length, 25),
        }),
      );
      for (const raw of out.Items ?? []) {
        const item = raw as MemberItem;
        if (members.length >= page.limit) break;
        lastSk = item.sk;
        if (isVisible(item, list.version)) members.push(memberOf(item));
      }
      const lastOfPage = (out.Items ?? []).at(-1) as MemberItem | undefined;
      if (members.length >= page.limit && lastSk !== undefined) {
        // More may follow in this shard (or the next ones).
        if (lastSk !== lastOfPage?.sk || out.LastEvaluatedKey)
          return { members, cursor: encodeCursor(shard, lastSk) };
        return shard + 1 < SHARD_COUNT ? { members, cursor: encodeCursor(shard + 1, '') } : { members };
      }
      if (out.LastEvaluatedKey) {
        after = String(out.LastEvaluatedKey.sk);
      } else {
        shard++;
        after = undefined;
      }
    }
    return { members };
  }

  async *scanShard(listId: string, shard: number): AsyncIterable<Member[]> {
    const list = await this.getStored(listId);
    if (!list) throw new NotFoundError(`listId: no list ${listId}`, { field: 'listId' });
    const pages = queryPages<MemberItem>(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': shardPk(listId, shard) },
    });
    for await (const items of pages) {
      const batch = items.filter((item) => isVisible(item, list.version)).map(memberOf);
      if (batch.length > 0) yield batch;
    }
  }

  async openWrite(listId: string, holder: string, resume?: ListWriteState): Promise<ListWrite> {
    const resource = leaseOf(listId);
    const acquired = await this.leases.acquire(resource, holder, this.leaseTtlMs);
    if (!acquired) throw new ConflictError(`list ${listId}: another job is writing it`, { field: 'listId' });
    const list = await this.getStored(listId);
    if (!list) {
      await this.leases.release(resource, holder);
      throw new NotFoundError(`listId: no list ${listId}`, { field: 'listId' });
    }
    const deps = {
      ddb: this.ddb,
      table: this.table,
      leases: this.leases,
      leaseResource: resource,
      holder,
      leaseTtlMs: this.leaseTtlMs,
      now: this.now,
      writeConcurrency: this.writeConcurrency,
      coalescer: this.coalescer,
      changeLog: this.changeLog,
    };
    const v = list.version;
    if (resume && resume.listId === listId) {
      if (v >= resume.pendingVersion) {
        await this.leases.release(resource, holder);
        return new DynamoListWrite(
          deps,
          listId,
          resume.pendingVersion - 1,
          resume.pendingVersion,
          true,
          resume,
        );
      }
      const ours = acquired.resumed?.data.pending === resume.pendingVersion;
      if (ours && resume.pendingVersion === v + 1) {
        return new DynamoListWrite(deps, listId, v, v + 1, false, resume);
      }
    }
    // A fresh write: undo whatever an abandoned write (ours or a crashed holder's) left at its pending version.
    const left = Number((acquired.takenOver ?? acquired.resumed)?.data.pending ?? 0);
    if (left > v) await rollbackPending(this.ddb, this.table, listId, left);
    const renewed = await this.leases.renew(resource, holder, this.leaseTtlMs, { pending: v + 1 });
    if (!renewed) throw new ConflictError(`list ${listId}: the write lease was lost`, { field: 'listId' });
    return new DynamoListWrite(deps, listId, v, v + 1, false);
  }

  async forgetMember(recipientId: string): Promise<number> {
    const lists = await this.listStored();
    if (lists.length === 0) return 0;
    const found = await batchGet(
      this.ddb,
      this.table,
      lists.map((list) => memberItemKey(list.listId, recipientId)),
    );
    const holding = new Set(found.map((item) => String(item.pk)));
    let forgotten = 0;
    for (const list of lists) {
      if (!holding.has(memberItemKey(list.listId, recipientId).pk)) continue;
      const write = await this.openWriteWithRetry(list.listId, `forget:${randomUUID()}`);
      await write.apply([{ op: 'remove', member: { recipientId } }]);
      const { removed } = await write.commit();
      // The item itself is gone with the post-commit cleanup; count lists it was a member of.
      forgotten += removed;
    }
    return forgotten;
  }

  private async openWriteWithRetry(listId: string, holder: string): Promise<ListWrite> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.openWrite(listId, holder);
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= this.forgetAttempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.forgetPauseMs));
      }
    }
  }
}
