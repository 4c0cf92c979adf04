import type { Runtime } from '../../functions/runtime.ts';
import { isFinished, type Job } from '../../shared/jobs/index.ts';

/** Polls `probe` every 50 ms until it answers, or fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The job once it has succeeded or failed (read through a runtime on another process's stores). */
export const finished = (runtime: Runtime, jobId: string, timeoutMs = 60_000): Promise<Job> =>
  waitFor(`${jobId} to finish`, timeoutMs, async () => {
    const job = await runtime.jobs.get(jobId);
    return job && isFinished(job.status) ? job : undefined;
  });
