import type { Job } from '../jobs/index.ts';
import { awaitSplitParts } from './awaitSplitParts.ts';
import { type AllowedDrop, checkRights } from './checkRights.ts';
import type { IngestPorts } from './IngestPorts.ts';
import { type OpenedDrop, type ReadRange, readDrop } from './readDrop.ts';
import type { ExpectedPart } from './SplitDrops.ts';

/** A drop that may be applied now: opened, allowed, and (a split drop's part) complete. */
export interface CheckedDrop extends OpenedDrop, AllowedDrop {
  /** What the `.info` says of this part of a split drop. */
  expected?: ExpectedPart;
}

/**
 * Check the drop: read its object and detect its format, check its partner's rights and its data
 * source's import switch, and wait for the other parts of a split drop. The drop to apply, or how
 * the run ends (the job already failed, succeeded or put back to wait; the body destroyed).
 */
export async function checkDrop(
  ports: IngestPorts,
  job: Job,
  range?: ReadRange,
): Promise<{ drop: CheckedDrop } | { outcome: 'failed' | 'succeeded' | 'waiting' }> {
  const opened = await readDrop(ports, job, range);
  if (opened === 'failed') return { outcome: opened };
  const allowed = await checkRights(ports, job, opened);
  if (allowed === 'failed' || allowed === 'succeeded') {
    opened.body.destroy();
    return { outcome: allowed };
  }
  const split = await awaitSplitParts(ports, job, opened.key, allowed.info);
  if (split === 'failed' || split === 'waiting') {
    opened.body.destroy();
    return { outcome: split };
  }
  return { drop: { ...opened, ...allowed, ...split } };
}
