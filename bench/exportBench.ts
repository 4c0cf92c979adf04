import { exportPortsOf } from '../functions/exportPorts.ts';
import type { DataSourceInput } from '../shared/datasources/index.ts';
import { runExport, startExport } from '../shared/exports/index.ts';
import type { Receipt } from '../shared/jobs/index.ts';
import type { MemberOp } from '../shared/lists/index.ts';
import { benchRuntime } from './benchRuntime.ts';
import type { RequestCounts } from './dynamo/RequestCounter.ts';
import { benchEmail, benchRecipientId } from './generate/index.ts';
import { InProcessDynamo } from './inProcessDynamo.ts';
import { inProcessS3 } from './inProcessS3.ts';

/** One timed export run. */
export interface ExportRun {
  members: number;
  rows: number;
  ms: number;
  cpuMs: number;
  rowsPerSec: number;
  receipt: Receipt;
  dynamodb: RequestCounts;
  s3Requests: Record<string, number>;
  /** How the list was seeded (said in the output: the seeding path is not the measured one). */
  seededThrough: string;
}

const LIST_ID = 'bench.export';
const SEED_CHUNK = 10_000;

/** Recipients answered on read (`R#r<i>`), so a million of them cost no memory and no seeding. */
function syntheticRecipients(pk: string, sk: string): Record<string, unknown> | undefined {
  const match = sk === 'R' ? /^R#r(\d+)$/.exec(pk) : null;
  if (!match) return undefined;
  const recipientId = benchRecipientId(Number(match[1]));
  return {
    pk,
    sk,
    recipient: {
      recipientId,
      email: benchEmail(Number(match[1])),
      ids: {},
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
  };
}

/**
 * Exports a list of `members` members with the REAL export core (`startExport` + `runExport`:
 * shard scans, recipient lookups, ID resolution, file writing through `Upload`, `.info`), on the
 * in-process stand-ins. The list is seeded through the list store's own write path
 * (`openWrite`/`apply`/`commit`), not timed; recipients are synthetic (answered on read).
 * The shared audience is a declared plain-email data source, AAM inbound format, full mode.
 *
 * @example
 * const run = await runExportBench({ home, members: 1_000_000 });
 */
export async function runExportBench(options: { home: string; members: number }): Promise<ExportRun> {
  const dynamo = new InProcessDynamo({ fallback: syntheticRecipients });
  const s3 = inProcessS3({});
  const { runtime, identity } = benchRuntime({ ddb: dynamo.client, s3: s3.client, home: options.home });
  const dataSource: DataSourceInput = {
    kind: 'declared',
    dpid: 999_001,
    reconciliationKey: 'email',
    encoding: 'plain',
    channel: 'email',
  } as DataSourceInput;
  await identity.dataSources.put('bench-email', dataSource);
  await runtime.lists.ensure({ listId: LIST_ID, name: 'bench export', source: 'bench' });
  const write = await runtime.lists.openWrite(LIST_ID, 'bench-seed');
  for (let start = 0; start < options.members; start += SEED_CHUNK) {
    const ops: MemberOp[] = [];
    for (let i = start; i < Math.min(options.members, start + SEED_CHUNK); i += 1) {
      ops.push({ op: 'add', member: { recipientId: benchRecipientId(i) } });
    }
    await write.apply(ops);
  }
  await write.commit();

  dynamo.counter.reset();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { jobId } = await startExport(
    exportPortsOf(runtime),
    {
      name: 'bench-export',
      definition: {
        listId: LIST_ID,
        dataSource: 'bench-email',
        format: 'aam-inbound',
        mode: 'full',
        traitId: '777',
        schedule: 'manual',
        gzip: false,
      },
    },
    'bench',
  );
  await runExport(exportPortsOf(runtime), jobId);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const job = await runtime.jobs.get(jobId);
  if (job?.status !== 'succeeded') {
    throw new Error(`export ended ${job?.status ?? 'without a job'}: ${job?.error?.message ?? 'no reason'}`);
  }
  const rows = job.receipt.recordsWritten ?? 0;
  return {
    members: options.members,
    rows,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    rowsPerSec: rows / (ms / 1000),
    receipt: job.receipt,
    dynamodb: dynamo.counts(),
    s3Requests: { ...s3.requests },
    seededThrough: 'list store write path (openWrite/apply/commit) on the in-process DynamoDB stand-in',
  };
}
