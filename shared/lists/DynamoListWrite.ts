import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { ConflictError } from '../errors/index.ts';
import type { LeaseStore } from '../leases/index.ts';
import { batchGet, batchWrite, queryPages, type WriteRequest } from '../stores/index.ts';
import { countChanges } from './DynamoChangeCount.ts';
import { rollbackPending } from './DynamoPendingRollback.ts';
import { DynamoSeenLog } from './DynamoSeenLog.ts';
import type { DynamoWriterFence } from './DynamoWriterFence.ts';
import type { ListChangeLog } from './ListChangeLog.ts';
import type { ListWrite, ListWriteState, MemberOp } from './ListStore.ts';
import { listRecordKey } from './listRecord.ts';
import { type MemberItem, shardPk } from './memberItems.ts';
import { memberKey } from './memberKey.ts';
import type { RequestCoalescer } from './RequestCoalescer.ts';
import { SHARD_COUNT, shardOf } from './shardOf.ts';
import type { Member } from './types.ts';
import { type Abandoned, type ChangeClass, changeClass, isRemoved, isVisible } from './visibility.ts';

const A = 0;
const R = 1;
/** Change classes by code, and codes by class, for the compact `touched` map. */
const CLASSES: readonly ChangeClass[] = ['A', 'R', 'N'];
const CODE: Readonly<Record<ChangeClass, number>> = { A, R, N: 2 };

/** Tombstones remembered for the post-commit cleanup; beyond this a later sweep cleans them. */
const MAX_CLEANUP_KEYS = 10_000;

export interface ListWriteDeps {
  ddb: DynamoDBDocumentClient;
  table: string;
  leases: LeaseStore;
  leaseResource: string;
  holder: string;
  leaseTtlMs: number;
  now: () => Date;
  /** Shards a sweep reads at once. */
  writeConcurrency: number;
  /** Shares BatchGet/BatchWrite requests with the other writes of the store (default: own requests). */
  coalescer?: RequestCoalescer;
  /** Where the changed member keys of each version go (rule lists read only those). */
  changeLog?: ListChangeLog;
  /** The list item's writer token (`abort` gives the version up through it). */
  fence: DynamoWriterFence;
}

/** What a write session is: its list, the versions it stands between, where it resumes from. */
export interface ListWriteSession {
  listId: string;
  /** Committed version when the write started. */
  version: number;
  /** This session's own pending version (claimed on the list record: the fencing token). */
  pendingVersion: number;
  /** The list's abandoned versions when the write started (their items are ignored). */
  abandoned: Abandoned;
  /** A previous run already committed `pendingVersion`: skip writing, just finish. */
  alreadyCommitted?: boolean;
  /** The saved progress a resumed run continues from. */
  resume?: ListWriteState;
}

/**
 * A versioned write to one list (see `ListWrite`). Counting: each touched member's change class
 * (A/R/N) before the current epoch and now; counters = folded epochs + this epoch's delta.
 * Items carry `ep`/`pa`, so a resumed run re-derives the pre-epoch class of what a crashed run
 * wrote after its last checkpoint and counts it exactly once.
 */
export class DynamoListWrite implements ListWrite {
  private added: number;
  private removed: number;
  private epoch: number;
  /** Whether any writer of the session was asked to add / remove (see `ListWriteState.adds`). */
  private adds: boolean;
  private removes: boolean;
  /** Per touched member key: its change class before this epoch and now, as `pre * 3 + now` (no object per member). */
  private readonly touched = new Map<string, number>();
  /** `<pending version>:<epoch>`, rebuilt when the epoch changes (compared on every op). */
  private epochTag: string;
  private readonly cleanup = new Set<string>();
  private lastRenewMs = Date.now();
  /** The partition key of each shard, built once (they key every member op of the write). */
  private readonly pks: string[];
  private readonly seen: DynamoSeenLog;

  readonly listId: string;
  readonly version: number;
  readonly pendingVersion: number;
  readonly alreadyCommitted: boolean;
  private readonly abandoned: Abandoned;

  constructor(
    private readonly deps: ListWriteDeps,
    session: ListWriteSession,
  ) {
    this.listId = session.listId;
    this.version = session.version;
    this.pendingVersion = session.pendingVersion;
    this.alreadyCommitted = session.alreadyCommitted ?? false;
    this.abandoned = session.abandoned;
    const state = session.resume;
    this.added = state?.added ?? 0;
    this.removed = state?.removed ?? 0;
    this.epoch = state?.epoch ?? 0;
    this.adds = state?.adds === true;
    this.removes = state?.removes === true;
    this.epochTag = `${this.pendingVersion}:${this.epoch}`;
    this.pks = Array.from({ length: SHARD_COUNT }, (_, shard) => shardPk(this.listId, shard));
    const { ddb, table, now } = deps;
    this.seen = new DynamoSeenLog({
      ddb,
      table,
      now,
      listId: this.listId,
      pendingVersion: this.pendingVersion,
      write: (requests) => this.write(requests),
    });
  }

  async apply(ops: readonly MemberOp[]): Promise<void> {
    if (this.alreadyCommitted || ops.length === 0) return;
    await this.keepLease();
    const last = new Map<string, MemberOp>();
    for (const op of ops) {
      last.set(memberKey(op.member), op);
      if (op.op === 'add') this.adds = true;
      else this.removes = true;
    }
    const keys: { pk: string; sk: string }[] = [];
    for (const key of last.keys()) keys.push({ pk: this.pkOf(key), sk: key });
    const found = await this.read(keys);
    const items = new Map<string, MemberItem>();
    for (const raw of found) items.set(String(raw.sk), raw as unknown as MemberItem);
    const requests: WriteRequest[] = [];
    for (const { pk, sk } of keys) {
      const next = this.transition(sk, last.get(sk) as MemberOp, items.get(sk), pk);
      if (next) requests.push({ PutRequest: { Item: next as unknown as Record<string, unknown> } });
    }
    await this.write(requests);
  }

  private pkOf(key: string): string {
    return this.pks[shardOf(key, SHARD_COUNT)] as string;
  }

  private read(keys: { pk: string; sk: string }[]): Promise<Record<string, unknown>[]> {
    const { coalescer, ddb, table } = this.deps;
    return coalescer ? coalescer.get(keys) : batchGet(ddb, table, keys);
  }

  /** A new member item added by the pending version in the current epoch. */
  private newItem(key: string, pk: string, member: Member, pa: ChangeClass): MemberItem {
    const from = this.pendingVersion;
    const ep = this.epochTag;
    if (member.recipientId !== undefined) return { pk, sk: key, rid: member.recipientId, from, ep, pa };
    return { pk, sk: key, addr: member.address ?? '', ch: member.channel ?? 'email', from, ep, pa };
  }

  /** The new item for one op, or undefined when nothing changes; records the counting. */
  private transition(
    key: string,
    op: MemberOp,
    item: MemberItem | undefined,
    pk: string = this.pkOf(key),
  ): MemberItem | undefined {
    const v = this.version;
    const p = this.pendingVersion;
    const seen = this.touched.get(key);
    const pre =
      seen !== undefined
        ? (CLASSES[Math.floor(seen / 3)] as ChangeClass)
        : item?.ep === this.epochTag && item.pa
          ? item.pa
          : changeClass(item, v, p, this.abandoned);
    let next: MemberItem | undefined;
    if (op.op === 'add' && !isVisible(item, p, this.abandoned)) {
      if (this.cleanup.size > 0) this.cleanup.delete(key);
      if (item && isVisible(item, v, this.abandoned)) {
        // Removed earlier by this write, added back: the committed membership stands.
        const { until: _until, ...rest } = item;
        next = { ...rest, ep: this.epochTag, pa: pre };
      } else {
        next = this.newItem(key, pk, op.member, pre);
      }
    } else if (op.op === 'remove' && item && isVisible(item, p, this.abandoned)) {
      next = { ...item, until: p, ep: this.epochTag, pa: pre };
      if (this.cleanup.size < MAX_CLEANUP_KEYS) this.cleanup.add(key);
    } else if (op.op === 'remove' && item && isRemoved(item, v, this.abandoned)) {
      // Already a committed removal: let the post-commit cleanup drop the leftover item.
      if (this.cleanup.size < MAX_CLEANUP_KEYS) this.cleanup.add(key);
    }
    this.touched.set(key, CODE[pre] * 3 + CODE[changeClass(next ?? item, v, p, this.abandoned)]);
    return next;
  }

  private async write(requests: WriteRequest[]): Promise<void> {
    const { coalescer, ddb, table } = this.deps;
    if (coalescer) await coalescer.write(requests);
    else await batchWrite(ddb, table, requests);
  }

  async markSeen(keys: Iterable<string>): Promise<void> {
    if (!this.alreadyCommitted) await this.seen.add(keys);
  }

  async sweepUnseen(): Promise<void> {
    if (this.alreadyCommitted) return;
    this.removes = true;
    const limit = pLimit(this.deps.writeConcurrency);
    await Promise.all(
      Array.from({ length: SHARD_COUNT }, (_, shard) =>
        limit(async () => {
          for await (const isSeen of this.seen.passes(shard)) await this.sweepShard(shard, isSeen);
        }),
      ),
    );
  }

  private async sweepShard(shard: number, isSeen: (memberKey: string) => boolean): Promise<void> {
    const pages = queryPages<MemberItem>(this.deps.ddb, {
      TableName: this.deps.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': shardPk(this.listId, shard) },
    });
    for await (const items of pages) {
      await this.keepLease();
      const requests: WriteRequest[] = [];
      for (const item of items) {
        if (isRemoved(item, this.version, this.abandoned)) {
          // A committed removal left by an earlier run: garbage now.
          requests.push({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } });
        } else if (isVisible(item, this.version, this.abandoned) && !isSeen(item.sk)) {
          const next = this.transition(item.sk, { op: 'remove', member: { recipientId: item.sk } }, item);
          if (next) requests.push({ PutRequest: { Item: next as unknown as Record<string, unknown> } });
        }
      }
      await this.write(requests);
    }
  }

  async recount(): Promise<void> {
    if (this.alreadyCommitted) return;
    await this.logChanges();
    this.touched.clear();
    const { ddb, table, writeConcurrency } = this.deps;
    const { added, removed } = await countChanges({
      ddb,
      table,
      listId: this.listId,
      pendingVersion: this.pendingVersion,
      concurrency: writeConcurrency,
      classes: { added: this.adds, removed: this.removes },
    });
    this.added = added;
    this.removed = removed;
  }

  private fold(): void {
    const { added, removed } = this.counts();
    this.added = added;
    this.removed = removed;
    this.touched.clear();
  }

  counts(): { added: number; removed: number } {
    let { added, removed } = this;
    for (const code of this.touched.values()) {
      const pre = Math.floor(code / 3);
      const now = code % 3;
      added += (now === A ? 1 : 0) - (pre === A ? 1 : 0);
      removed += (now === R ? 1 : 0) - (pre === R ? 1 : 0);
    }
    return { added, removed };
  }

  /** Logs the keys whose membership this epoch leaves changed against the committed version. */
  private async logChanges(): Promise<void> {
    const { changeLog } = this.deps;
    if (!changeLog || this.alreadyCommitted) return;
    const keys: string[] = [];
    for (const [key, code] of this.touched) if (code % 3 !== CODE.N) keys.push(key);
    if (keys.length > 0) await changeLog.record(this.listId, this.pendingVersion, this.epoch, keys);
  }

  async checkpoint(epoch: number): Promise<ListWriteState> {
    await this.logChanges();
    this.fold();
    this.epoch = epoch;
    this.epochTag = `${this.pendingVersion}:${epoch}`;
    if (!this.alreadyCommitted) await this.renew();
    return {
      listId: this.listId,
      pendingVersion: this.pendingVersion,
      epoch,
      added: this.added,
      removed: this.removed,
      ...(this.adds ? { adds: true as const } : {}),
      ...(this.removes ? { removes: true as const } : {}),
    };
  }

  private async renew(): Promise<void> {
    const { leases, leaseResource, holder, leaseTtlMs } = this.deps;
    const held = await leases.renew(leaseResource, holder, leaseTtlMs, { pending: this.pendingVersion });
    if (!held) throw new ConflictError(`list ${this.listId}: the write lease was lost`, { field: 'listId' });
    this.lastRenewMs = Date.now();
  }

  /** Long writes (a big batch, a 10M-member sweep) keep the lease: renewed once a third of its TTL passed. */
  private async keepLease(): Promise<void> {
    if (Date.now() - this.lastRenewMs > this.deps.leaseTtlMs / 3) await this.renew();
  }

  async commit(options: { fullTimestamp?: number } = {}): Promise<{ added: number; removed: number }> {
    await this.logChanges();
    this.fold();
    const counts = { added: this.added, removed: this.removed };
    if (this.alreadyCommitted) return counts;
    await this.renew();
    const { ddb, table } = this.deps;
    // Before the commit point: a reader who sees version p also finds its log.
    await this.deps.changeLog?.seal(this.listId, this.pendingVersion);
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: table,
          Key: listRecordKey(this.listId),
          UpdateExpression: `SET #version = :p, updatedAt = :t${options.fullTimestamp !== undefined ? ', lastFullTimestamp = :f' : ''} ADD #size :d REMOVE writer`,
          // The commit point, fenced: only while this session is the list's writer (a holder that
          // lost its lease finds the next holder's version there and is refused).
          ConditionExpression: 'writer = :p',
          ExpressionAttributeNames: { '#version': 'version', '#size': 'size' },
          ExpressionAttributeValues: {
            ':p': this.pendingVersion,
            ':t': this.deps.now().toISOString(),
            ':d': counts.added - counts.removed,
            ...(options.fullTimestamp !== undefined ? { ':f': options.fullTimestamp } : {}),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`list ${this.listId}: the write lease was lost to another writer`, {
          field: 'listId',
        });
      }
      throw error;
    }
    try {
      const deletes: WriteRequest[] = [...this.cleanup].map((key) => ({
        DeleteRequest: { Key: { pk: this.pkOf(key), sk: key } },
      }));
      await this.write(deletes);
    } finally {
      await this.deps.leases.release(this.deps.leaseResource, this.deps.holder);
    }
    return counts;
  }

  async abort(): Promise<void> {
    if (this.alreadyCommitted) return;
    const { ddb, table, changeLog, fence } = this.deps;
    // Sealed like any ended version, so the change log of later versions stays contiguous.
    await changeLog?.seal(this.listId, this.pendingVersion);
    await fence.abandon(this.listId, this.pendingVersion);
    await rollbackPending(ddb, table, this.listId, this.pendingVersion);
    await this.deps.leases.release(this.deps.leaseResource, this.deps.holder);
  }
}
