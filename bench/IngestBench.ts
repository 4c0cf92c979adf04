import { stat } from 'node:fs/promises';
import { ingestPortsOf } from '../functions/ingestPorts.ts';
import type { Runtime } from '../functions/runtime.ts';
import type { IdentityService } from '../shared/identities/index.ts';
import { ingestDrop } from '../shared/ingest/index.ts';
import { emptyReceipt, type Job, type Receipt } from '../shared/jobs/index.ts';
import { DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS } from '../shared/partners/index.ts';
import { benchRuntime } from './benchRuntime.ts';
import type { RequestCounts } from './dynamo/RequestCounter.ts';
import type { BenchDrop } from './generate/index.ts';
import { InProcessDynamo } from './inProcessDynamo.ts';
import { inProcessS3 } from './inProcessS3.ts';
import { withCpuProfile } from './profile/withCpuProfile.ts';
import { seedIdentities, syntheticIdentity } from './seedIdentities.ts';

/** One timed ingest-core run. */
export interface IngestRun {
  file: string;
  /** Non-blank data lines read (the receipt's `linesRead`). */
  rows: number;
  ms: number;
  rowsPerSec: number;
  /** CPU time (user + system) the process spent in the timed region; below `ms` means waiting. */
  cpuMs: number;
  receipt: Receipt;
  dynamodb: RequestCounts;
  s3Requests: Record<string, number>;
  /** Recipients seeded before the run (0 with synthetic identities). */
  seeded: number;
  /** Which entry point ran (`ingestDrop`, the core). */
  entry: string;
}

export interface IngestCoreOptions {
  home: string;
  /** `seeded`: recipients and links written through the identity area first; `synthetic`: answered on read. */
  identities: 'seeded' | 'synthetic';
  /**
   * Keep list member items, pending memberships, `full` seen logs and change logs (default true);
   * the memory runs drop them so the stand-in stays flat (the table is DynamoDB's memory, not the
   * process's: a 1,000,000-row drop's change log alone is ~13 MB of member keys).
   */
  retainMembers?: boolean;
  /** Milliseconds each DynamoDB request waits for its answer (default 0: CPU only). */
  latencyMs?: number;
}

/** Partitions that grow with a drop: the memory runs' stand-in keeps none of them. */
const FLOWING = ['M#', 'PEND#', 'S#', 'CHG#'];

type IngestEntry = (runtime: Runtime, job: Job) => Promise<unknown>;

/** The core as the ingest worker runs it: `ingestDrop` on the ports of the bench's runtime. */
export async function ingestEntry(): Promise<{ name: string; run: IngestEntry }> {
  return {
    name: 'ingestDrop',
    run: (runtime, job) =>
      ingestDrop(ingestPortsOf(runtime), {
        kind: 'drop',
        key: job.source?.key ?? '',
        etag: job.source?.etag ?? '',
        size: job.source?.size ?? 0,
      }),
  };
}

/**
 * An in-process environment for ingest-core runs: the product's runtime on the counting DynamoDB
 * stand-in and the S3 stand-in, with identities seeded once (not timed). Several drops can run on
 * it in turn (their lists differ); the counters are reset before each run.
 */
export class IngestBench {
  readonly dynamo: InProcessDynamo;
  private readonly files: Record<string, string> = {};
  private readonly s3 = inProcessS3(this.files);
  readonly runtime: Runtime;
  readonly identity: IdentityService;
  seeded = 0;

  constructor(private readonly options: IngestCoreOptions & { seed: number }) {
    const retainMembers = options.retainMembers ?? true;
    this.dynamo = new InProcessDynamo({
      trackKeys: retainMembers,
      latencyMs: options.latencyMs ?? 0,
      ...(retainMembers
        ? {}
        : {
            retain: (pk: string) => !FLOWING.some((prefix) => pk.startsWith(prefix)),
          }),
      ...(options.identities === 'synthetic' ? { fallback: syntheticIdentity(options.seed) } : {}),
    });
    const built = benchRuntime({ ddb: this.dynamo.client, s3: this.s3.client, home: options.home });
    this.runtime = built.runtime;
    this.identity = built.identity;
  }

  /** The default partner, then recipients and links for the first `rows` rows (seeded mode only; not timed). */
  async seed(rows: number): Promise<void> {
    await this.runtime.partners.putIfAbsent(DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS);
    if (this.options.identities === 'seeded')
      this.seeded = await seedIdentities(this.identity, this.options.seed, rows);
  }

  /**
   * Runs the REAL ingest core (parse, validate, reconcile, compute and write memberships,
   * checkpoints, commit, receipt) on a generated drop. The timer covers the drop from its first
   * byte to the job's final status.
   *
   * @example
   * const bench = new IngestBench({ home, identities: 'seeded', seed: 8 });
   * await bench.seed(100_000);
   * const run = await bench.run(drop);
   */
  async run(drop: BenchDrop, profilePath?: string): Promise<IngestRun> {
    const { runtime, dynamo, s3 } = this;
    const prepared = await prepareDrop(runtime, this.files, drop);
    dynamo.counter.reset();
    for (const key of Object.keys(s3.requests)) delete s3.requests[key];
    const cpu = process.cpuUsage();
    const started = performance.now();
    await withCpuProfile(profilePath, prepared.run);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const done = await succeededJob(runtime, prepared.jobId);
    return {
      file: drop.key,
      rows: done.receipt.linesRead,
      ms,
      rowsPerSec: done.receipt.linesRead / (ms / 1000),
      cpuMs: (used.user + used.system) / 1000,
      receipt: done.receipt,
      dynamodb: dynamo.counts(),
      s3Requests: { ...s3.requests },
      seeded: this.seeded,
      entry: prepared.entry,
    };
  }
}

/**
 * Registers `drop` with the S3 stand-in's files and builds its job; `run` is the timed part: the
 * ingest entry on that job, exactly as the ingest worker calls it.
 */
export async function prepareDrop(
  runtime: Runtime,
  files: Record<string, string>,
  drop: BenchDrop,
): Promise<{ jobId: string; entry: string; run: () => Promise<unknown> }> {
  files[drop.key] = drop.path;
  const { size } = await stat(drop.path);
  const jobId = `ingest:${drop.key}`;
  const createdAt = runtime.now().toISOString();
  const job: Job = {
    jobId,
    type: 'ingest',
    status: 'queued',
    createdAt,
    updatedAt: createdAt,
    receipt: emptyReceipt(),
    attempts: 0,
    startedBy: 's3',
    source: { key: drop.key, etag: `bench-${drop.spec.rows}`, size },
  };
  const entry = await ingestEntry();
  return { jobId, entry: entry.name, run: () => entry.run(runtime, job) };
}

/** The job after its run; a run that did not succeed fails the bench with the job's reason. */
export async function succeededJob(runtime: Runtime, jobId: string): Promise<Job> {
  const done = await runtime.jobs.get(jobId);
  if (done?.status !== 'succeeded') {
    throw new Error(
      `${jobId} ended ${done?.status ?? 'without a job'}: ${done?.error?.message ?? 'no reason'}`,
    );
  }
  return done;
}
