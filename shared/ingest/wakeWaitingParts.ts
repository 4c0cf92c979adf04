import type { IngestPorts } from './IngestPorts.ts';

/** The other parts of a now-complete split drop were left waiting: hand them to the queue. */
export async function wakeWaitingParts(
  ports: Pick<IngestPorts, 'jobs' | 'dispatcher'>,
  parts: Map<string, { jobId: string }>,
  self: string,
): Promise<void> {
  for (const { jobId } of parts.values()) {
    if (jobId === self) continue;
    const other = await ports.jobs.get(jobId);
    if (other?.status === 'queued') await ports.dispatcher.enqueueIngest({ kind: 'continue', jobId });
  }
}
