import pLimit from 'p-limit';
import { settleAll } from '../async/index.ts';
import {
  type ListStore,
  type ListWrite,
  type ListWriteState,
  type MemberOp,
  memberKey,
} from '../lists/index.ts';
import { ResumeLostError } from './ResumeLostError.ts';

/** Where a segment's list comes from. */
export interface SegmentList {
  listId: string;
  source: string;
  segmentId: string;
}

/**
 * The lists one ingest job writes: opens each on first sight (creating it, taking its lease),
 * applies a batch's ops to all its lists at once (their requests are coalesced by the store), marks
 * what a `full` file names in the store (`ListWrite.markSeen`: no seen-set in memory, whatever the
 * segment's size), and checkpoints and commits them together. Memory: the current epoch's touched keys.
 */
export class MembershipApplier {
  private readonly writes = new Map<string, ListWrite>();
  private readonly opening = new Map<string, Promise<ListWrite | undefined>>();
  /** Lists skipped because a newer `full` was already applied to them. */
  readonly stale = new Set<string>();

  constructor(
    private readonly lists: ListStore,
    private readonly holder: string,
    private readonly options: {
      full: boolean;
      timestamp?: number;
      resume: ReadonlyMap<string, ListWriteState>;
      concurrency?: number;
      /** The ranges of one drop share each list's session (joined on open; counted by `count`). */
      shared?: boolean;
    },
  ) {}

  /** The write of a list (opened on first call), or undefined when the list is stale for this file. */
  open(list: SegmentList): Promise<ListWrite | undefined> {
    let pending = this.opening.get(list.listId);
    if (!pending) {
      pending = this.doOpen(list);
      this.opening.set(list.listId, pending);
      // A failed open (lease busy) must be retried by the next run, not cached as failed forever.
      pending.catch(() => this.opening.delete(list.listId));
    }
    return pending;
  }

  private async doOpen(list: SegmentList): Promise<ListWrite | undefined> {
    await this.lists.ensure({
      listId: list.listId,
      name: list.listId,
      source: list.source,
      segmentId: list.segmentId,
    });
    if (this.options.full && this.options.timestamp !== undefined) {
      const stored = await this.lists.getStored(list.listId);
      if (stored?.lastFullTimestamp !== undefined && stored.lastFullTimestamp > this.options.timestamp) {
        this.stale.add(list.listId);
        return undefined;
      }
    }
    const resume = this.options.resume.get(list.listId);
    const write = await this.lists.openWrite(list.listId, this.holder, resume, {
      join: this.options.shared === true,
    });
    if (resume && !write.alreadyCommitted && write.pendingVersion !== resume.pendingVersion) {
      // The saved progress was rolled back (lease lost): only a run from the first line is exact.
      throw new ResumeLostError(list.listId);
    }
    this.writes.set(list.listId, write);
    return write;
  }

  /** Opens every list a checkpoint names (a resumed run may not touch them again, yet must commit them). */
  async openResumed(): Promise<void> {
    for (const listId of this.options.resume.keys()) {
      const dot = listId.indexOf('.');
      await this.open({ listId, source: listId.slice(0, dot), segmentId: listId.slice(dot + 1) });
    }
  }

  /** Undoes every open list's pending changes (a failed job applies nothing). */
  async abort(): Promise<void> {
    for (const write of this.writes.values()) await write.abort().catch(() => undefined);
  }

  /**
   * Applies each list's ops and, for a `full` file, marks its added members seen; `write` false
   * (a resumed `full` re-reading done lines) only opens the lists: their marks are stored already.
   */
  async apply(
    opsByList: ReadonlyMap<string, { list: SegmentList; ops: MemberOp[] }>,
    write = true,
  ): Promise<void> {
    // Every list at once: the store coalesces their member reads and writes into full requests,
    // and bounds the requests in flight itself. All settle before a failure is thrown, so the
    // job's clean-up (rollback) never races another list's writes.
    await settleAll(
      [...opsByList.values()].map(async ({ list, ops }) => {
        const target = await this.open(list);
        if (!target || !write) return;
        if (!this.options.full) return target.apply(ops);
        // Together: the marks join the batch's member writes in the coalesced requests.
        const added = ops.filter((op) => op.op === 'add').map((op) => memberKey(op.member));
        await settleAll([target.apply(ops), target.markSeen(added)]);
      }),
    );
  }

  /** Listed IDs of lists opened so far (for "remove from every segment of the file"). */
  openedLists(): SegmentList[] {
    return [...this.writes.keys()].map((listId) => {
      const dot = listId.indexOf('.');
      return { listId, source: listId.slice(0, dot), segmentId: listId.slice(dot + 1) };
    });
  }

  counts(): { added: number; removed: number } {
    let added = 0;
    let removed = 0;
    for (const write of this.writes.values()) {
      const c = write.counts();
      added += c.added;
      removed += c.removed;
    }
    return { added, removed };
  }

  async checkpoint(linesDone: number): Promise<ListWriteState[]> {
    return Promise.all([...this.writes.values()].map((write) => write.checkpoint(linesDone)));
  }

  /**
   * Shared sessions (a ranged drop, once every range is done): `full` sweeps unseen members, then
   * each list's counters are set from the store (ranges may each have counted a member they shared).
   */
  async count(): Promise<void> {
    const limit = pLimit(this.options.concurrency ?? 4);
    await Promise.all(
      [...this.writes.values()].map((write) =>
        limit(async () => {
          if (this.options.full) await write.sweepUnseen();
          await write.recount();
        }),
      ),
    );
  }

  /** `full`: sweeps unseen members (shared sessions: `count` did); then commits every list. Returns the job's totals. */
  async commit(): Promise<{ added: number; removed: number }> {
    const limit = pLimit(this.options.concurrency ?? 4);
    const totals = { added: 0, removed: 0 };
    await Promise.all(
      [...this.writes.values()].map((write) =>
        limit(async () => {
          if (this.options.full && !this.options.shared) await write.sweepUnseen();
          const c = await write.commit(
            this.options.full && this.options.timestamp !== undefined
              ? { fullTimestamp: this.options.timestamp }
              : {},
          );
          totals.added += c.added;
          totals.removed += c.removed;
        }),
      ),
    );
    return totals;
  }

  get listCount(): number {
    return this.writes.size + this.stale.size;
  }
}
