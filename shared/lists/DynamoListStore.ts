import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../errors/index.ts';
import type { Acquired, LeaseStore } from '../leases/index.ts';
import { batchGet, queryAll, queryPages } from '../stores/index.ts';
import { DynamoListChangeLog } from './DynamoListChangeLog.ts';
import { DynamoListWrite, type ListWriteDeps } from './DynamoListWrite.ts';
import { rollbackPending } from './DynamoPendingRollback.ts';
import { DynamoWriterFence } from './DynamoWriterFence.ts';
import { isJoinedSession } from './joinedSession.ts';
import type { HistoryPoint, ListStore, ListWrite, ListWriteState, NewList, StoredList } from './ListStore.ts';
import { LISTS_PK, listRecordKey, MAX_HISTORY_POINTS, toStored } from './listRecord.ts';
import { decodeCursor, encodeCursor } from './memberCursor.ts';
import { type MemberItem, memberItemKey, memberOf, shardPk } from './memberItems.ts';
import { memberKey } from './memberKey.ts';
import { publicMeta } from './publicMeta.ts';
import { RequestCoalescer } from './RequestCoalescer.ts';
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
  /** Days a change-log item is kept (`AB_CHANGE_LOG_RETENTION_DAYS`, default 30). */
  changeLogRetentionDays?: number;
}

const leaseOf = (listId: string) => `list#${listId}`;

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
  private readonly fence: DynamoWriterFence;

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
    this.changeLog = new DynamoListChangeLog(ddb, table, {
      retentionDays: options.changeLogRetentionDays ?? 30,
      now: this.now,
    });
    this.fence = new DynamoWriterFence(ddb, table);
  }

  async getStored(listId: string): Promise<StoredList | undefined> {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: listRecordKey(listId), ConsistentRead: true }),
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
      ExpressionAttributeValues: { ':pk': LISTS_PK },
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
      lastPending: 0,
      abandoned: new Set(),
    };
    const { listId: _listId, lastPending: _p, abandoned: _a, ...attributes } = stored;
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...listRecordKey(list.listId), ...attributes },
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
        if (isVisible(item, list.version, list.abandoned)) members.push(memberOf(item));
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
      const batch = items.filter((item) => isVisible(item, list.version, list.abandoned)).map(memberOf);
      if (batch.length > 0) yield batch;
    }
  }

  async openWrite(
    listId: string,
    holder: string,
    resume?: ListWriteState,
    options: { join?: boolean } = {},
  ): Promise<ListWrite> {
    const resource = leaseOf(listId);
    const acquired = await this.leases.acquire(resource, holder, this.leaseTtlMs);
    if (!acquired) throw new ConflictError(`list ${listId}: another job is writing it`, { field: 'listId' });
    try {
      return await this.startWrite(listId, holder, resume, options.join ? acquired : undefined);
    } catch (error) {
      await this.leases.release(resource, holder);
      throw error;
    }
  }

  /** Under the lease: continues the saved session, reports it committed, or claims a new one. */
  private async startWrite(
    listId: string,
    holder: string,
    resume?: ListWriteState,
    join?: Acquired,
  ): Promise<ListWrite> {
    const deps = this.writeDeps(listId, holder);
    let writerSeen: number | undefined;
    // A claim fails only when the previous writer ended in between (committed or gave up): read again.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const list = await this.getStored(listId);
      if (!list) throw new NotFoundError(`listId: no list ${listId}`, { field: 'listId' });
      const session = { listId, version: list.version, abandoned: list.abandoned };
      const saved = resume?.listId === listId ? resume.pendingVersion : undefined;
      if (saved !== undefined && list.writer === saved) {
        return new DynamoListWrite(deps, { ...session, pendingVersion: saved, resume });
      }
      if (saved !== undefined && saved <= list.version && !list.abandoned.has(saved)) {
        // Every ended version up to `version` was committed or abandoned: this one was committed.
        await this.leases.release(deps.leaseResource, holder);
        return new DynamoListWrite(deps, {
          ...session,
          pendingVersion: saved,
          alreadyCommitted: true,
          resume,
        });
      }
      const writer = list.writer;
      if (join && writer !== undefined && saved === undefined) {
        // A writer that appeared since our last read, while this holder held the lease, was claimed
        // by a racing range of the same drop; else the lease's data says whether it is ours.
        const lease = { resource: deps.leaseResource, holder, ttlMs: this.leaseTtlMs };
        if (
          attempt > 1 && writer !== writerSeen
            ? true
            : await isJoinedSession(this.leases, lease, join, writer)
        ) {
          const state = { listId, pendingVersion: writer, epoch: 0, added: 0, removed: 0 };
          return new DynamoListWrite(deps, { ...session, pendingVersion: writer, resume: state });
        }
      }
      writerSeen = writer;
      const pending = await this.fence.claim(list);
      if (pending === undefined) continue;
      const left = list.writer;
      if (left !== undefined) {
        // The taken-over version is abandoned now (readers ignore it); seal and clear it.
        await this.changeLog.seal(listId, left);
        await rollbackPending(this.ddb, this.table, listId, left);
      }
      if (!(await this.leases.renew(deps.leaseResource, holder, this.leaseTtlMs, { pending }))) {
        throw new ConflictError(`list ${listId}: the write lease was lost`, { field: 'listId' });
      }
      const abandoned = left !== undefined ? new Set([...list.abandoned, left]) : list.abandoned;
      return new DynamoListWrite(deps, { ...session, abandoned, pendingVersion: pending });
    }
    throw new ConflictError(`list ${listId}: its writer kept changing`, { field: 'listId' });
  }

  private writeDeps(listId: string, holder: string): ListWriteDeps {
    return {
      ddb: this.ddb,
      table: this.table,
      leases: this.leases,
      leaseResource: leaseOf(listId),
      holder,
      leaseTtlMs: this.leaseTtlMs,
      now: this.now,
      writeConcurrency: this.writeConcurrency,
      coalescer: this.coalescer,
      changeLog: this.changeLog,
      fence: this.fence,
    };
  }

  async addHistory(listId: string, counts: { matched: number; pending: number }): Promise<void> {
    const list = await this.getStored(listId);
    if (!list) return;
    const total = counts.matched + counts.pending;
    const point: HistoryPoint = {
      at: this.now().toISOString(),
      size: list.size,
      matchRate: total === 0 ? 1 : Math.round((counts.matched / total) * 10_000) / 10_000,
    };
    const history = [...(list.history ?? []), point].slice(-MAX_HISTORY_POINTS);
    await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: listRecordKey(listId),
        UpdateExpression: 'SET history = :history',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':history': history },
      }),
    );
  }

  async forgetMember(member: Member): Promise<number> {
    const lists = await this.listStored();
    if (lists.length === 0) return 0;
    const key = memberKey(member);
    const forgotten = await this.removeEverywhere(lists, member, key);
    // Last: the removals above logged the key too. Every list's log: one may hold a past member.
    await this.changeLog.forget(
      lists.map((list) => list.listId),
      [key],
    );
    return forgotten;
  }

  /** Deletes the lists' expired change-log items (the schedule; DynamoDB TTL does the same in AWS). */
  async sweepChangeLogs(): Promise<number> {
    return this.changeLog.sweep((await this.listStored()).map((list) => list.listId));
  }

  private async removeEverywhere(lists: StoredList[], member: Member, key: string): Promise<number> {
    const found = await batchGet(
      this.ddb,
      this.table,
      lists.map((list) => memberItemKey(list.listId, key)),
    );
    const holding = new Set(found.map((item) => String(item.pk)));
    let forgotten = 0;
    for (const list of lists) {
      if (!holding.has(memberItemKey(list.listId, key).pk)) continue;
      const write = await this.openWriteWithRetry(list.listId, `forget:${randomUUID()}`);
      await write.apply([{ op: 'remove', member }]);
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
