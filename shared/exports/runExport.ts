import { AppError } from '../errors/index.ts';
import { isFinished, type Job } from '../jobs/index.ts';
import { logger } from '../logging/index.ts';
import type { ExportResult } from './ExportFiles.ts';
import type { ExportPorts } from './ExportPorts.ts';
import { ExportWriter } from './ExportWriter.ts';
import { EXPORT_LEASE_MS, exportLeaseResource } from './exportLease.ts';
import { planExport } from './planExport.ts';
import { publishExport } from './publishExport.ts';
import { writeShards } from './writeShards.ts';

/** What one call did with the job: finished it, or left it for a later delivery. */
export type ExportRunOutcome = 'succeeded' | 'failed' | 'busy' | 'ignored';

export interface RunExportOptions {
  /**
   * The step after publish (the delivery to the partner): runs before the job is marked
   * succeeded, so a crash in between makes the retried job run it again; it must be idempotent.
   */
  afterPublish?: (job: Job, outputKeys: readonly string[]) => Promise<void>;
}

/** Attempts after which a job that keeps failing on a dependency is marked failed. */
export const MAX_EXPORT_ATTEMPTS = 5;

/**
 * Runs one export job to the end (at-least-once safe; see docs/export.md) in named steps: plan
 * (select), write the shards (resolve and write to a staging prefix), publish and report. A retry
 * of a job that already published only finishes it. Returns `busy` when another export of the
 * shared audience holds its lease (retry later). Client mistakes (a deleted list, a missing key)
 * fail the job; dependency errors are thrown so the queue redelivers. `options.afterPublish` runs
 * once the files are published.
 *
 * @example
 * const outcome = await runExport(exportPortsOf(runtime), 'export:crm-weekly:1795683600000');
 */
export async function runExport(
  ports: ExportPorts,
  jobId: string,
  options: RunExportOptions = {},
): Promise<ExportRunOutcome> {
  const job = await ports.jobs.get(jobId);
  if (job?.type !== 'export' || isFinished(job.status)) return 'ignored';
  const resource = exportLeaseResource(job.source?.sharedAudience ?? '');
  const held = await ports.leases.acquire(resource, jobId, EXPORT_LEASE_MS);
  if (!held) return 'busy';
  const attempts = job.attempts + 1;
  if (!(await ports.jobs.transition(jobId, ['queued', 'running'], { status: 'running', attempts }))) {
    return 'ignored';
  }
  try {
    if (attempts > MAX_EXPORT_ATTEMPTS) {
      await fail(ports, jobId, 'dependency_failed', `gave up after ${MAX_EXPORT_ATTEMPTS} attempts`);
      await ports.leases.release(resource, jobId);
      return 'failed';
    }
    let renewedAt = Date.now();
    // Renewed at most once a minute, between shards: far inside the lease's 15 minutes.
    const renew = async () => {
      if (Date.now() - renewedAt < 60_000) return true;
      renewedAt = Date.now();
      return ports.leases.renew(resource, jobId, EXPORT_LEASE_MS);
    };
    const result = await exportSteps(ports, { ...job, attempts }, renew);
    // Before the job reads `succeeded`: a crash in between retries this step, never skips it.
    await options.afterPublish?.(job, result.outputKeys);
    // Released before the job reads `succeeded`: whoever sees it done may start the next export.
    await ports.leases.release(resource, jobId);
    await finish(ports, jobId, result);
    return 'succeeded';
  } catch (error) {
    if (error instanceof AppError && error.expose) {
      await fail(ports, jobId, error.code, error.message);
      await ports.leases.release(resource, jobId);
      return 'failed';
    }
    logger.error('export attempt failed; it will be retried', { jobId, error });
    throw error;
  }
}

/** Plan → write the shards → publish and report. */
async function exportSteps(
  ports: ExportPorts,
  job: Job,
  renew: () => Promise<boolean>,
): Promise<ExportResult> {
  const planned = await planExport(ports, job);
  if ('done' in planned) return planned.done;
  const { plan } = planned;
  const writer = new ExportWriter(
    plan,
    ports.sources,
    plan.stored ? ports.snapshots : undefined,
    ports.files,
  );
  const written = await writeShards(ports.sources.lists, plan.definition.listId, writer, renew);
  return publishExport(ports, plan, writer, written);
}

async function fail(ports: ExportPorts, jobId: string, code: string, message: string): Promise<void> {
  await ports.jobs.transition(jobId, ['running'], {
    status: 'failed',
    error: { code, message },
    updatedAt: ports.now().toISOString(),
  });
}

async function finish(ports: ExportPorts, jobId: string, result: ExportResult): Promise<void> {
  await ports.jobs.transition(jobId, ['running'], {
    status: 'succeeded',
    receipt: result.receipt,
    outputKeys: result.outputKeys,
    ...(result.withoutIdKey ? { withoutIdKey: result.withoutIdKey } : {}),
    updatedAt: ports.now().toISOString(),
  });
}
