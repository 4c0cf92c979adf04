import type { Runtime } from '../runtime/index.ts';

/** The other parts of a now-complete split drop were left waiting: hand them to the queue. */
export async function wakeWaitingParts(
  runtime: Runtime,
  parts: Map<string, { jobId: string }>,
  self: string,
): Promise<void> {
  for (const { jobId } of parts.values()) {
    if (jobId === self) continue;
    const other = await runtime.jobs.get(jobId);
    if (other?.status === 'queued') await runtime.dispatcher.enqueueIngest({ kind: 'continue', jobId });
  }
}
