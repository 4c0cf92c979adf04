import type { DropInfo } from '../formats/index.ts';
import { emptyReceipt, type Job } from '../jobs/index.ts';
import { failIngestJob } from './failIngestJob.ts';
import type { IngestPorts } from './IngestPorts.ts';
import { type ExpectedPart, isSplitDropComplete } from './SplitDrops.ts';
import { wakeWaitingParts } from './wakeWaitingParts.ts';

/**
 * A part of a split drop waits for the `.info` and every other part (the job goes back to
 * `queued`: `waiting`), then is checked against the `.info`: the part as the `.info` lists it,
 * `failed` when it does not list it, undefined for a drop that is not split.
 */
export async function awaitSplitParts(
  ports: IngestPorts,
  job: Job,
  key: string,
  info: DropInfo,
): Promise<{ expected?: ExpectedPart } | 'failed' | 'waiting'> {
  const { splitDrops } = ports.ledger;
  const fileName = key.slice(key.lastIndexOf('/') + 1);
  // Keyed by folder and name: a drop in another folder never meets this one's parts or .info.
  const group = key.slice(0, key.length - fileName.length) + info.dropName;
  const drop = await splitDrops.get(group);
  if (info.split === undefined && !drop.control) return {};
  await splitDrops.recordPart(group, fileName, key, job.jobId, ports.now());
  const state = await splitDrops.get(group);
  if (state.control && !state.control.Files.some((f) => f.FileName === fileName)) {
    await failIngestJob(ports, job, {
      code: 'format_error',
      message: "file: not listed in the drop's .info control file",
    });
    return 'failed';
  }
  if (!isSplitDropComplete(state)) {
    await ports.jobs.transition(job.jobId, ['running'], {
      status: 'queued',
      attempts: 0,
      receipt: {
        ...emptyReceipt(info.format, info.mode),
        warnings: ['waiting for the other parts of the split drop and its .info'],
      },
      updatedAt: ports.now().toISOString(),
    });
    return 'waiting';
  }
  await wakeWaitingParts(ports, state.parts, job.jobId);
  const expected = state.control?.Files.find((f) => f.FileName === fileName);
  return expected ? { expected } : {};
}
