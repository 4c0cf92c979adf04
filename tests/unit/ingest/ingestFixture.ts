import { newIngestJob } from '../../../shared/ingest/newIngestJob.ts';
import { startAttempt } from '../../../shared/ingest/startAttempt.ts';
import type { Job } from '../../../shared/jobs/index.ts';
import type { memoryIngestPorts } from '../../helpers/memoryIngestPorts.ts';

export type World = ReturnType<typeof memoryIngestPorts>;

/** Recipients p-1…p-5; p-2's email is no email (line 3). */
export const RECIPIENTS_CSV =
  'recipientId,email\np-1,one@example.com\np-2,not-an-email\np-3,three@example.com\np-4,four@example.com\np-5,five@example.com\n';

/** A drop's job as the worker finds it: stored queued, then started (attempt 1, running). */
export async function startedJob(w: World, key: string, etag = 'e-1'): Promise<Job> {
  const job = newIngestJob(`ingest:${key}`, key, etag, w.ports.now().toISOString());
  await w.ports.jobs.put(job);
  const started = await startAttempt(w.ports, job);
  if (typeof started === 'string') throw new Error(`not started: ${started}`);
  return started;
}
