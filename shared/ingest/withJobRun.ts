import { randomUUID } from 'node:crypto';
import type { LeaseStore } from '../leases/index.ts';

/** A run of a job holds its run lease this long without renewal; renewed every third of it. */
export const JOB_RUN_LEASE_MS = 20_000;

/**
 * Runs `work` only if no other run of the same job is alive, holding the lease `LEASE#run#<jobId>`
 * (unique holder per run, renewed by a timer, released at the end). Two deliveries of one drop at
 * once (SQS and S3 deliver at least once) would otherwise both write the job's pending list
 * version under the same list lease, and one's fresh start rolls back what the other is about to
 * commit. Returns `busy` when another run holds it: the caller retries later. A run killed
 * without releasing (SIGKILL, Lambda timeout) blocks the job for at most {@link JOB_RUN_LEASE_MS}.
 *
 * @example
 * const outcome = await withJobRun(ports.ledger.runLeases, jobId, () => runIngestJob(ports, job));
 */
export async function withJobRun<T>(
  leases: LeaseStore,
  jobId: string,
  work: () => Promise<T>,
): Promise<T | 'busy'> {
  const resource = `run#${jobId}`;
  const holder = randomUUID();
  if (!(await leases.acquire(resource, holder, JOB_RUN_LEASE_MS))) return 'busy';
  const heartbeat = setInterval(() => {
    leases.renew(resource, holder, JOB_RUN_LEASE_MS).catch(() => undefined);
  }, JOB_RUN_LEASE_MS / 3);
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
    await leases.release(resource, holder).catch(() => undefined);
  }
}
