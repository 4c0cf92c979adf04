import type { DropInfo } from '../formats/index.ts';
import { emptyReceipt, type Job, type Receipt } from '../jobs/index.ts';
import { DropRefusedError, DropRights, partnerOfDrop, withAepMode } from '../partners/index.ts';
import { failIngestJob } from './failIngestJob.ts';
import { finishIngestJob } from './finishIngestJob.ts';
import type { IngestPorts } from './IngestPorts.ts';
import type { OpenedDrop } from './readDrop.ts';

/** The drop as its partner may apply it. */
export interface AllowedDrop {
  info: DropInfo;
  rights: DropRights;
}

/**
 * The partner's rights: a drop outside them is refused whole (the job fails), before anything is
 * applied; a drop keyed by a data source with import disabled (the legal switch) is skipped whole
 * (the job succeeds with nothing applied).
 */
export async function checkRights(
  ports: IngestPorts,
  job: Job,
  drop: OpenedDrop,
): Promise<AllowedDrop | 'failed' | 'succeeded'> {
  const partner = await partnerOfDrop(ports.partners, drop.key);
  const info = withAepMode(drop.detected, partner);
  let rights: DropRights;
  try {
    if (!partner)
      throw new DropRefusedError(
        "partner: the drop is in no partner's folder and no default partner is configured",
      );
    rights = new DropRights(partner);
    rights.check(info);
  } catch (error) {
    if (!(error instanceof DropRefusedError)) throw error;
    const receipt = emptyReceipt(info.format, info.mode);
    await failIngestJob(ports, job, { code: error.code, message: error.message }, receipt);
    return 'failed';
  }
  if (await importDisabled(ports, info)) {
    const receipt: Receipt = { ...emptyReceipt(info.format, info.mode), skipped: 'import-disabled' };
    await finishIngestJob(ports, job, receipt, drop.key, drop.etag);
    return 'succeeded';
  }
  return { info, rights };
}

/** An AAM drop whose master DPID's data source has import disabled. */
async function importDisabled(ports: IngestPorts, info: DropInfo): Promise<boolean> {
  const master = info.dpids[0];
  if (master === undefined) return false;
  if (info.format !== 'aam-outbound' && info.format !== 'aam-inbound' && info.format !== 'aam-idsync')
    return false;
  const ds = await ports.identity.dataSources.byDpid(master);
  return ds?.importEnabled === false;
}
