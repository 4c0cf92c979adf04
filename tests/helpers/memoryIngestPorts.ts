import { Readable } from 'node:stream';
import type { ControlFile } from '../../shared/formats/index.ts';
import {
  type DropLedger,
  type DropRanges,
  type DropState,
  dropGroup,
  type IngestCheckpoint,
  type IngestPorts,
  type RangeResult,
  type RejectedFile,
} from '../../shared/ingest/index.ts';
import type { IngestMessage, Job, Receipt } from '../../shared/jobs/index.ts';
import type { ListStore } from '../../shared/lists/index.ts';
import { DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS, type Partner } from '../../shared/partners/index.ts';
import type { PendingStore } from '../../shared/pending/index.ts';
import type { RecipientRecord } from '../../shared/recipients/schemas.ts';

/** An object of the in-memory bucket. */
export interface MemoryObject {
  text: string;
  etag?: string;
  lastModified?: Date;
}

/** A port a test does not expect to be used: any call fails the test with its name. */
function unused<T extends object>(port: string): T {
  return new Proxy({} as T, {
    get: (_, method) => () => Promise.reject(new Error(`${port}.${String(method)} was not expected`)),
  });
}

/** Split drops in memory, keyed by group as `DynamoSplitDrops` keys them. */
function memorySplitDrops(at: () => string): DropLedger['splitDrops'] & { groups: Map<string, DropState> } {
  const groups = new Map<string, DropState>();
  const groupOf = (name: string) => {
    const group = dropGroup(name);
    let state = groups.get(group);
    if (!state) {
      state = { dropName: group, parts: new Map(), firstSeen: at() };
      groups.set(group, state);
    }
    return state;
  };
  return {
    groups,
    recordControl: async (name: string, _key: string, control: ControlFile) => {
      groupOf(name).control ??= control;
      return undefined;
    },
    recordPart: async (name, fileName, key, jobId) => {
      groupOf(name).parts.set(fileName, { jobId, key });
    },
    get: async (name) => {
      const state = groups.get(dropGroup(name));
      return state
        ? { ...state, parts: new Map(state.parts) }
        : { dropName: dropGroup(name), parts: new Map() };
    },
    seenBefore: async (before) =>
      [...groups.values()].filter((s) => (s.firstSeen ?? '') < before).map((s) => s.dropName),
  };
}

/** Ranges of ranged drops in memory, as `DynamoDropRanges` keeps them. */
function memoryDropRanges(): DropRanges {
  const items = new Map<string, { checkpoint?: IngestCheckpoint; result?: RangeResult }>();
  const done = new Map<string, Set<number>>();
  const item = (jobId: string, plan: string, range: number) => {
    const key = `${jobId}|${plan}|${range}`;
    const found = items.get(key) ?? {};
    items.set(key, found);
    return found;
  };
  return {
    checkpoint: async (jobId, plan, range) => structuredClone(item(jobId, plan, range).checkpoint),
    saveCheckpoint: async (jobId, plan, range, checkpoint) => {
      item(jobId, plan, range).checkpoint = structuredClone(checkpoint);
    },
    finish: async (jobId, plan, range, result) => {
      item(jobId, plan, range).result = structuredClone(result);
      const set = done.get(`${jobId}|${plan}`) ?? new Set<number>();
      done.set(`${jobId}|${plan}`, set.add(range));
      return set.size;
    },
    results: async (jobId, plan, ranges) =>
      ranges.map((range) => structuredClone(item(jobId, plan, range).result)),
  };
}

/**
 * Every ingest port in memory: a bucket of drops, the ledger, receipts, rejected files, jobs and
 * the queue, the default partner with every right, and recipients loaded into a map. Lists and
 * pending memberships are not expected (`unused`) unless a test passes its own.
 */
export function memoryIngestPorts(options: { now?: Date; settings?: Partial<IngestPorts['settings']> } = {}) {
  const now = options.now ?? new Date('2026-12-02T09:00:00.000Z');
  const objects = new Map<string, MemoryObject>();
  const jobs = new Map<string, Job>();
  const receipts = new Map<string, Receipt>();
  const files = new Map<string, { rows: string[]; state: 'open' | 'closed' | 'aborted' }>();
  const applied = new Map<string, string>();
  const enqueued: Array<{ message: IngestMessage; delayed: boolean }> = [];
  const recipients = new Map<string, RecipientRecord>();
  const partner: Partner = { name: DEFAULT_PARTNER, ...DEFAULT_PARTNER_RIGHTS, updatedAt: now.toISOString() };
  const splitDrops = memorySplitDrops(() => now.toISOString());
  const leases = new Map<string, string>();
  const ports: IngestPorts = {
    drops: {
      read: async (key, range) => {
        const object = objects.get(key);
        if (!object) return undefined;
        const bytes = Buffer.from(object.text);
        const body = range ? bytes.subarray(range.start, range.end) : bytes;
        return { body: Readable.from([body]), lastModified: object.lastModified, size: bytes.length };
      },
      readText: async (key) => objects.get(key)?.text ?? '',
      head: async (key) => (objects.has(key) ? (objects.get(key)?.etag ?? 'etag') : undefined),
      async *list(prefix) {
        yield [...objects.keys()].filter((key) => key.startsWith(prefix)).map((key) => ({ key }));
      },
    },
    ledger: {
      applied: {
        has: async (key, etag) => applied.has(`${key}|${etag}`),
        put: async (key, etag, jobId) => {
          applied.set(`${key}|${etag}`, jobId);
        },
      },
      splitDrops,
      ranges: memoryDropRanges(),
      runLeases: {
        acquire: async (resource, holder, ttlMs) => {
          if (leases.has(resource)) return undefined;
          leases.set(resource, holder);
          return { lease: { resource, holder, expiresAt: now.getTime() + ttlMs, data: {} } };
        },
        renew: async (resource, holder) => leases.get(resource) === holder,
        release: async (resource, holder) => {
          if (leases.get(resource) === holder) leases.delete(resource);
        },
      },
    },
    receipts: {
      write: async (jobId, receipt) => {
        receipts.set(jobId, structuredClone(receipt));
      },
    },
    rejected: {
      open: (key): RejectedFile => ({
        key,
        write: async (line, reason, raw) => {
          const file = files.get(key) ?? { rows: [], state: 'open' as const };
          file.rows.push(`${line}\t${reason}\t${raw}`);
          files.set(key, file);
        },
        close: async () => {
          const file = files.get(key);
          if (!file) return undefined;
          file.state = 'closed';
          return key;
        },
        abort: async () => {
          const file = files.get(key);
          if (file) file.state = 'aborted';
        },
      }),
      join: async (key, parts) => {
        if (parts.length === 0) return;
        const rows = parts.flatMap((part) => files.get(part)?.rows ?? []);
        for (const part of parts) files.delete(part);
        files.set(key, { rows, state: 'closed' });
      },
    },
    jobs: {
      get: async (jobId) => structuredClone(jobs.get(jobId)),
      put: async (job) => {
        jobs.set(job.jobId, structuredClone(job));
      },
      transition: async (jobId, from, changes) => {
        const job = jobs.get(jobId);
        if (!job || !from.includes(job.status)) return undefined;
        const next = { ...job, ...structuredClone(changes) } as Job;
        jobs.set(jobId, next);
        return structuredClone(next);
      },
    },
    dispatcher: {
      enqueueIngest: async (message, opts) => {
        enqueued.push({ message, delayed: opts?.delayed ?? false });
      },
    },
    lists: unused<ListStore>('lists'),
    identity: {
      reconciler: unused('reconciler'),
      link: () => Promise.reject(new Error('identity.link was not expected')),
      namespaceForDpid: async (dpid) => `dpid:${dpid}`,
      dataSources: { byDpid: async () => undefined },
      recipients: {
        putMany: async (records) => {
          for (const r of records) recipients.set(r.recipientId, r);
          return { written: records.length, errors: [] };
        },
      },
    },
    partners: { get: async (name) => (name === DEFAULT_PARTNER ? partner : undefined) },
    pending: unused<PendingStore>('pending'),
    settings: {
      ingestBatchLines: 2,
      checkpointLines: 1_000,
      timeBudgetMs: 60_000,
      maxDropBytes: 1_000_000,
      maxDropSegments: 100,
      ingestRangeBytes: 64 * 1024 * 1024,
      ...options.settings,
    },
    now: () => now,
  };
  /** Puts an object in the bucket. */
  const drop = (key: string, text: string, more: Omit<MemoryObject, 'text'> = {}) => {
    objects.set(key, { text, ...more });
  };
  return { ports, objects, jobs, receipts, files, applied, enqueued, recipients, partner, splitDrops, drop };
}
