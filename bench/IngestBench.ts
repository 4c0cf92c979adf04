import { stat } from 'node:fs/promises';
import { emptyReceipt, type IngestMessage, type Job, type Receipt } from '../shared/jobs/index.ts';
import type { Runtime } from '../shared/runtime/index.ts';
import { benchRuntime } from './benchRuntime.ts';
import type { RequestCounts } from './dynamo/RequestCounter.ts';
import type { BenchDrop } from './generate/index.ts';
import { InProcessDynamo } from './inProcessDynamo.ts';
import { inProcessS3 } from './inProcessS3.ts';
import { seedIdentities, syntheticIdentity } from './seedIdentities.ts';

/** One timed ingest-core run. */
export interface IngestRun {
  file: string;
  /** Non-blank data lines read (the receipt's `linesRead`). */
  rows: number;
  ms: number;
  rowsPerSec: number;
  receipt: Receipt;
  dynamodb: RequestCounts;
  s3Requests: Record<string, number>;
  /** Recipients seeded before the run (0 with synthetic identities). */
  seeded: number;
  /** Which entry point ran: `ingestDrop` (the core) or `runIngestJob` (before the core exported it). */
  entry: string;
}

export interface IngestCoreOptions {
  home: string;
  /** `seeded`: recipients and links written through the identity area first; `synthetic`: answered on read. */
  identities: 'seeded' | 'synthetic';
  /** Keep list member items (default true); the memory runs drop them so the stand-in stays flat. */
  retainMembers?: boolean;
}

type IngestEntry = (runtime: Runtime, job: Job) => Promise<unknown>;

/**
 * The core as the ingest worker runs it, found at run time so the bench works before and after
 * the ingest area exports `ingestDrop(runtime, message)`.
 */
async function ingestEntry(): Promise<{ name: string; run: IngestEntry }> {
  const index = './../shared/ingest/index.ts';
  try {
    const mod = (await import(index)) as { ingestDrop?: (rt: Runtime, m: IngestMessage) => Promise<unknown> };
    const ingestDrop = mod.ingestDrop;
    if (ingestDrop) {
      return {
        name: 'ingestDrop',
        run: (runtime, job) =>
          ingestDrop(runtime, {
            kind: 'drop',
            key: job.source?.key ?? '',
            etag: job.source?.etag ?? '',
            size: job.source?.size ?? 0,
          }),
      };
    }
  } catch {
    // no index yet: fall through to the job runner
  }
  const { runIngestJob } = await import('../shared/ingest/runIngestJob.ts');
  return {
    name: 'runIngestJob',
    run: async (runtime, job) => {
      await runtime.jobs.put(job);
      return runIngestJob(runtime, job);
    },
  };
}

/**
 * Runs the REAL ingest core (parse, validate, reconcile, compute and write memberships, checkpoints,
 * commit, receipt) on a generated drop, with DynamoDB and S3 replaced by in-process stand-ins that
 * count every request. Seeding is not timed; the timer covers the drop from its first byte to the
 * job's final status.
 *
 * @example
 * const run = await runIngestCore(drop, { home: tmp, identities: 'seeded' });
 * run.rowsPerSec; run.dynamodb.requestRatio;
 */
export async function runIngestCore(drop: BenchDrop, options: IngestCoreOptions): Promise<IngestRun> {
  const retainMembers = options.retainMembers ?? true;
  const dynamo = new InProcessDynamo({
    trackKeys: retainMembers,
    ...(retainMembers ? {} : { retain: (pk: string) => !pk.startsWith('M#') }),
    ...(options.identities === 'synthetic' ? { fallback: syntheticIdentity(drop.spec.seed) } : {}),
  });
  const s3 = inProcessS3({ [drop.key]: drop.path });
  const { runtime, identity } = benchRuntime({ dynamo, s3: s3.client, home: options.home });
  const seeded =
    options.identities === 'seeded' ? await seedIdentities(identity, drop.spec.seed, drop.spec.rows) : 0;
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
    source: { key: drop.key, etag: 'bench', size },
  };
  const entry = await ingestEntry();
  dynamo.counter.reset();
  for (const key of Object.keys(s3.requests)) delete s3.requests[key];
  const started = performance.now();
  await entry.run(runtime, job);
  const ms = performance.now() - started;
  const done = await runtime.jobs.get(jobId);
  if (!done || done.status !== 'succeeded') {
    throw new Error(
      `ingest of ${drop.key} ended ${done?.status ?? 'without a job'}: ${done?.error?.message ?? 'no reason'}`,
    );
  }
  const counts = dynamo.counts();
  return {
    file: drop.key,
    rows: done.receipt.linesRead,
    ms,
    rowsPerSec: done.receipt.linesRead / (ms / 1000),
    receipt: done.receipt,
    dynamodb: counts,
    s3Requests: { ...s3.requests },
    seeded,
    entry: entry.name,
  };
}
