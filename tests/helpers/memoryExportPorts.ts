import { createHash } from 'node:crypto';
import type { DataSource } from '../../shared/datasources/types.ts';
import type {
  ExportFiles,
  ExportPorts,
  ExportResult,
  LineSink,
  SnapshotEntry,
  SnapshotStore,
  WrittenFile,
} from '../../shared/exports/index.ts';
import { emptyReceipt, type Job } from '../../shared/jobs/index.ts';
import type { Member } from '../../shared/lists/types.ts';
import type { Recipient } from '../../shared/recipients/types.ts';
import type { SharedAudience } from '../../shared/sharedAudiences/index.ts';

/** Staged files as lines, and what was published, in memory. */
export class MemoryExportFiles implements ExportFiles {
  /** Every file a sink closed, by key, with its lines. */
  readonly written = new Map<string, string[]>();
  readonly published: string[] = [];
  readonly results = new Map<string, ExportResult>();
  readonly removed: string[] = [];
  aborted = 0;

  sink(options: Parameters<ExportFiles['sink']>[0]): LineSink {
    const lines: string[] = options.header ? [options.header] : [];
    return {
      writeLines: async (more) => {
        lines.push(...more);
      },
      close: async (): Promise<WrittenFile[]> => {
        if (lines.length === (options.header ? 1 : 0)) return [];
        const { name, key } = options.locate(undefined);
        this.written.set(key, lines);
        const text = `${lines.join('\n')}\n`;
        const md5 = createHash('md5').update(text).digest('hex');
        return [{ name, key, sequence: 1, byteSize: text.length, lineCount: lines.length, md5 }];
      },
      abort: async () => {
        this.aborted += 1;
      },
    };
  }

  async publish(files: readonly WrittenFile[], folder: string, infoName: string): Promise<string[]> {
    const keys = [...files.map((f) => `${folder}${f.name}`), `${folder}${infoName}`];
    this.published.push(...keys);
    return keys;
  }

  async writeResult(jobId: string, result: ExportResult): Promise<void> {
    this.results.set(jobId, structuredClone(result));
  }

  async readResult(jobId: string): Promise<ExportResult> {
    const result = this.results.get(jobId);
    if (!result) throw new Error(`no result for ${jobId}`);
    return result;
  }

  async removeStaging(prefix: string): Promise<void> {
    this.removed.push(prefix);
  }
}

/** The snapshot store as a map per shared audience and shard. */
export class MemorySnapshots implements SnapshotStore {
  readonly entries = new Map<string, SnapshotEntry>();
  private key = (name: string, shard: number, memberKey: string) => `${name}|${shard}|${memberKey}`;

  async getMany(name: string, shard: number, memberKeys: readonly string[]) {
    const found = new Map<string, SnapshotEntry>();
    for (const k of memberKeys) {
      const entry = this.entries.get(this.key(name, shard, k));
      if (entry) found.set(k, { ...entry });
    }
    return found;
  }

  async putMany(name: string, shard: number, entries: readonly SnapshotEntry[]) {
    for (const e of entries) this.entries.set(this.key(name, shard, e.memberKey), { ...e });
  }

  async *scan(name: string, shard: number): AsyncIterable<SnapshotEntry[]> {
    const prefix = `${name}|${shard}|`;
    yield [...this.entries].filter(([k]) => k.startsWith(prefix)).map(([, e]) => ({ ...e }));
  }

  async deleteMany(name: string, shard: number, memberKeys: readonly string[]) {
    for (const k of memberKeys) this.entries.delete(this.key(name, shard, k));
  }
}

/** Every export port in memory: members per shard, one stored shared audience, its data source. */
export function memoryExportPorts(options: {
  audience: SharedAudience;
  dataSource: DataSource;
  recipients: Recipient[];
  /** The list's members, per shard. */
  shards: Member[][];
}) {
  const files = new MemoryExportFiles();
  const snapshots = new MemorySnapshots();
  const jobs = new Map<string, Job>();
  const audiences = new Map([[options.audience.name, structuredClone(options.audience)]]);
  const recipients = new Map(options.recipients.map((r) => [r.recipientId, r]));
  const leases = new Map<string, string>();
  let generation = 0;
  const state = { shards: options.shards, leaseLost: false };
  const ports: ExportPorts = {
    jobs: {
      get: async (jobId) => jobs.get(jobId),
      transition: async (jobId, from, changes) => {
        const job = jobs.get(jobId);
        if (!job || !from.includes(job.status)) return undefined;
        const next = { ...job, ...changes };
        jobs.set(jobId, next);
        return next;
      },
    },
    sharedAudiences: {
      get: async (name) => audiences.get(name),
      nextGeneration: async () => ++generation,
      publishSnapshot: async (name, expected, next) => {
        const audience = audiences.get(name);
        if (!audience || audience.snapshot.generation !== expected) return false;
        audience.snapshot = next;
        return true;
      },
    },
    sources: {
      lists: {
        get: async (listId) =>
          listId === options.audience.listId
            ? { listId, name: listId, source: 'aam', size: 0, updatedAt: '2026-01-01T00:00:00.000Z' }
            : undefined,
        shardCount: options.shards.length,
        scanShard: async function* (_listId, shard) {
          yield state.shards[shard] ?? [];
        },
      },
      dataSources: {
        get: async (name) => (name === options.dataSource.name ? options.dataSource : undefined),
        keys: async () => [],
      },
      recipients: {
        getMany: async (ids) =>
          new Map(ids.flatMap((id) => (recipients.has(id) ? [[id, recipients.get(id) as Recipient]] : []))),
      },
    },
    snapshots,
    files,
    leases: {
      acquire: async (resource, holder, ttlMs) => {
        const current = leases.get(resource);
        if (current && current !== holder) return undefined;
        leases.set(resource, holder);
        return { lease: { resource, holder, expiresAt: ttlMs, data: {} } };
      },
      renew: async (resource, holder) => !state.leaseLost && leases.get(resource) === holder,
      release: async (resource, holder) => {
        if (leases.get(resource) === holder) leases.delete(resource);
      },
    },
    now: () => new Date('2026-11-26T09:00:00.000Z'),
  };
  /** Queues an export job of the shared audience as `startExport` does: created at its ID's time. */
  const queue = (jobId: string): void => {
    const createdAt = new Date(Number(jobId.slice(jobId.lastIndexOf(':') + 1))).toISOString();
    jobs.set(jobId, {
      jobId,
      type: 'export',
      status: 'queued',
      createdAt,
      updatedAt: createdAt,
      attempts: 0,
      source: { sharedAudience: options.audience.name },
      receipt: emptyReceipt('aam-inbound', 'full'),
    });
  };
  return { ports, files, snapshots, jobs, audiences, state, queue };
}
