import { parseControlFile } from '../formats/index.ts';
import { emptyReceipt, type Job } from '../jobs/index.ts';
import type { IngestPorts } from './IngestPorts.ts';
import { isSplitDropComplete } from './SplitDrops.ts';
import { wakeWaitingParts } from './wakeWaitingParts.ts';

/**
 * A `.info` control file (its new `job`): recorded for its split drop (the group is its key
 * without `.info`); completes the drop when every part is there.
 */
export async function acceptControlFile(ports: IngestPorts, job: Job): Promise<'succeeded' | 'failed'> {
  const key = job.source?.key ?? '';
  const control = parseControlFile(await ports.drops.readText(key));
  if ('error' in control) {
    await ports.jobs.put({
      ...job,
      status: 'failed',
      error: { code: 'format_error', message: control.error },
    });
    return 'failed';
  }
  const dropName = key.replace(/\.info$/i, '');
  const conflict = await ports.ledger.splitDrops.recordControl(dropName, key, control, ports.now());
  if (conflict) {
    await refuseSecondControl(ports, job, conflict.winner);
    return 'failed';
  }
  const state = await ports.ledger.splitDrops.get(dropName);
  await ports.jobs.put({
    ...job,
    status: 'succeeded',
    receipt: { ...emptyReceipt(), warnings: [`control file: ${control.Files.length} data files listed`] },
  });
  if (isSplitDropComplete(state)) await wakeWaitingParts(ports, state.parts, job.jobId);
  return 'succeeded';
}

/** First one wins; both jobs say so, so whoever reads either learns of the other. */
async function refuseSecondControl(ports: IngestPorts, job: Job, winnerKey: string): Promise<void> {
  const key = job.source?.key ?? '';
  const now = job.updatedAt;
  const winner = await ports.jobs.get(`ingest:${winnerKey}`);
  if (winner)
    await ports.jobs.transition(winner.jobId, [winner.status], {
      status: winner.status,
      receipt: {
        ...winner.receipt,
        warnings: [
          ...(winner.receipt.warnings ?? []),
          `control file: a later, different .info was refused (${key})`,
        ],
      },
      updatedAt: now,
    });
  const message = `control file: a different .info for this drop arrived first (${winnerKey})`;
  const error = { code: 'conflict', message };
  await ports.jobs.put({ ...job, status: 'failed', error, receipt: { ...job.receipt, failure: error } });
}
