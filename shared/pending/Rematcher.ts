import { ConflictError } from '../errors/index.ts';
import { emptyReceipt, type Job, type JobStore } from '../jobs/index.ts';
import type { ListStore, ListWrite } from '../lists/index.ts';
import type { PendingMembership, PendingStore } from './PendingStore.ts';

/** A recipient some IDs now reconcile to (a link, an ID-sync row, a recipient write). */
export interface Match {
  recipientId: string;
  /** The lookup keys (`refKey`) of those IDs. */
  keys: readonly string[];
}

export interface RematcherPorts {
  pending: PendingStore;
  lists: Pick<ListStore, 'getStored' | 'openWrite'>;
  jobs: JobStore;
  now: () => Date;
  /** Tries (with a pause) before giving up on a list another job is writing; its memberships stay pending. */
  attempts?: number;
  pauseMs?: number;
}

/** A pending membership still to apply: not expired, not replaced by a later `full` file of its list. */
function isLive(m: PendingMembership, now: number, lastFull: number | undefined): boolean {
  return m.exp > now && (lastFull === undefined || m.ts >= lastFull);
}

/**
 * Applies pending memberships the moment their ID matches (issue 16.3). `matched` probes the
 * matched IDs' keys (one BatchGet per 100: the common case, nothing pending, costs no more), reads
 * the pending memberships of the marked ones, adds the recipient to each list through a normal
 * list write (its lease, versions and exact counters), then forgets them. The work is the job
 * `rematch:<cause>` with its own receipt, summed over the calls of one cause (a drop's batches).
 * Exactly once: a membership is forgotten only after its list committed, and adding a member that
 * is already there changes nothing, so a retry after a crash adds no one twice.
 *
 * @example
 * await rematcher.matched('ingest:inbound/7001_8888_1486140900.sync', [{ recipientId: 'r-4', keys: ['ID#dpid:7001#P-4'] }]);
 */
export class Rematcher {
  constructor(private readonly ports: RematcherPorts) {}

  async matched(cause: string, matches: readonly Match[]): Promise<void> {
    const { pending } = this.ports;
    const marked = await pending.markedAmong(matches.flatMap((m) => m.keys));
    if (marked.size === 0) return;
    const now = this.ports.now().getTime();
    const lastFull = new Map<string, number | undefined>();
    const adds = new Map<string, Set<string>>();
    const done: Array<{ key: string; listId: string }> = [];
    const read = new Map<string, PendingMembership[]>();
    for (const match of matches) {
      for (const key of match.keys) {
        if (!marked.has(key)) continue;
        const memberships = read.get(key) ?? (await pending.ofKey(key));
        read.set(key, memberships);
        for (const m of memberships) {
          if (!lastFull.has(m.listId))
            lastFull.set(m.listId, (await this.ports.lists.getStored(m.listId))?.lastFullTimestamp);
          for (const sibling of m.keys) done.push({ key: sibling, listId: m.listId });
          if (!isLive(m, now, lastFull.get(m.listId))) continue;
          const members = adds.get(m.listId) ?? new Set<string>();
          members.add(match.recipientId);
          adds.set(m.listId, members);
        }
      }
    }
    const applied = adds.size > 0 ? await this.apply(`rematch:${cause}`, adds) : new Set<string>();
    // Expired, replaced or applied: forgotten. A busy list's memberships stay for the next match.
    const gone = (listId: string) => applied.has(listId) || !adds.has(listId);
    const emptied = [...read].filter(([, ms]) => ms.every((m) => gone(m.listId))).map(([key]) => key);
    await pending.remove(
      done.filter((d) => gone(d.listId)),
      emptied,
    );
  }

  /** Adds the members to their lists as the job's run; returns the lists committed. */
  private async apply(jobId: string, adds: ReadonlyMap<string, ReadonlySet<string>>): Promise<Set<string>> {
    const job = await this.claim(jobId);
    const receipt = { ...job.receipt };
    const committed = new Set<string>();
    for (const [listId, members] of adds) {
      const write = await this.openWrite(listId, jobId);
      if (!write) continue;
      await write.apply([...members].map((recipientId) => ({ op: 'add' as const, member: { recipientId } })));
      const { added } = await write.commit();
      committed.add(listId);
      receipt.recordsProcessed += members.size;
      receipt.membershipsAdded += added;
    }
    const busy = adds.size - committed.size;
    await this.ports.jobs.transition(jobId, ['running'], {
      status: 'succeeded',
      receipt:
        busy > 0 ? { ...receipt, warnings: [`${busy} lists busy: their memberships stay pending`] } : receipt,
      updatedAt: this.ports.now().toISOString(),
    });
    return committed;
  }

  /** The job, created or taken up again (`running`) for this run; its receipt keeps earlier runs' counts. */
  private async claim(jobId: string): Promise<Job> {
    const { jobs } = this.ports;
    const at = this.ports.now().toISOString();
    const found = await jobs.get(jobId);
    if (found) {
      const claimed = await jobs.transition(jobId, [found.status], { status: 'running', updatedAt: at });
      if (claimed) return claimed;
    }
    const job: Job = {
      jobId,
      type: 'rematch',
      status: 'running',
      createdAt: found?.createdAt ?? at,
      updatedAt: at,
      receipt: found?.receipt ?? emptyReceipt(null, 'incremental'),
      attempts: (found?.attempts ?? 0) + 1,
      startedBy: jobId.slice('rematch:'.length),
    };
    await jobs.put(job);
    return job;
  }

  private async openWrite(listId: string, holder: string): Promise<ListWrite | undefined> {
    const attempts = this.ports.attempts ?? 20;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ports.lists.openWrite(listId, holder);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        if (attempt >= attempts) return undefined;
        await new Promise((resolve) => setTimeout(resolve, this.ports.pauseMs ?? 250));
      }
    }
  }
}
