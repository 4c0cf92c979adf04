import { ConflictError, NotFoundError, ValidationError } from '../errors/index.ts';
import { emptyReceipt, type Job, type JobDispatcher, type JobStore } from '../jobs/index.ts';
import type { LeaseStore } from '../leases/index.ts';
import type { SharedAudienceDefinition, SharedAudienceStore } from '../sharedAudiences/index.ts';
import { checkDefinition } from './checkDefinition.ts';
import type { ExportCheckpoint } from './ExportCheckpoint.ts';
import type { ExportSources } from './ExportSources.ts';
import { EXPORT_LEASE_MS, exportLeaseResource } from './exportLease.ts';

/** What starting an export works with (the edge builds them: `exportPortsOf`). */
export interface StartExportPorts {
  jobs: Pick<JobStore, 'put'>;
  sharedAudiences: Pick<SharedAudienceStore, 'get'>;
  /** Checks an inline definition's list and data source. */
  sources: ExportSources;
  /** One export of a shared audience at a time. */
  leases: Pick<LeaseStore, 'acquire'>;
  dispatcher: Pick<JobDispatcher, 'enqueueExport'>;
  now(): Date;
}

/** What to export: a stored shared audience (optionally forcing a mode), or a definition inline. */
export type ExportRequest =
  | { sharedAudience: string; mode?: 'full' | 'incremental' }
  | { name: string; definition: SharedAudienceDefinition };

/**
 * Creates an export job and hands it to the export worker. The job takes the shared audience's
 * export lease at once, so a second export of it, manual or scheduled, gets a 409 until the first
 * ends. Job IDs are `export:<name>:<ms since epoch>`; the file names derive from that time.
 *
 * @example
 * const { jobId } = await startExport(exportPortsOf(runtime), { sharedAudience: 'crm-weekly' }, 'schedule');
 */
export async function startExport(
  ports: StartExportPorts,
  request: ExportRequest,
  startedBy: string,
): Promise<{ jobId: string }> {
  const checkpoint: ExportCheckpoint = {};
  let name: string;
  let format: SharedAudienceDefinition['format'];
  let mode: SharedAudienceDefinition['mode'];
  if ('sharedAudience' in request) {
    name = request.sharedAudience;
    const stored = await ports.sharedAudiences.get(name);
    if (!stored)
      throw new NotFoundError('sharedAudience: no such shared audience', { field: 'sharedAudience' });
    format = stored.format;
    mode = request.mode ?? stored.mode;
    if (request.mode) checkpoint.mode = request.mode;
  } else {
    name = request.name;
    if (await ports.sharedAudiences.get(name)) {
      throw new ConflictError(
        `name: ${name} is a stored shared audience; an inline export takes another name`,
        {
          field: 'name',
        },
      );
    }
    if (request.definition.mode === 'incremental') {
      throw new ValidationError('mode: an incremental export needs a stored shared audience', {
        field: 'mode',
      });
    }
    await checkDefinition(ports.sources, request.definition);
    checkpoint.definition = request.definition;
    format = request.definition.format;
    mode = request.definition.mode;
  }
  const now = ports.now();
  const jobId = `export:${name}:${now.getTime()}`;
  const acquired = await ports.leases.acquire(exportLeaseResource(name), jobId, EXPORT_LEASE_MS);
  // `resumed`: a job with this very ID (same name, same millisecond) already holds it.
  if (!acquired || acquired.resumed) {
    throw new ConflictError('sharedAudience: an export of this shared audience is already running', {
      field: 'sharedAudience',
    });
  }
  const createdAt = now.toISOString();
  const job: Job = {
    jobId,
    type: 'export',
    status: 'queued',
    createdAt,
    updatedAt: createdAt,
    receipt: emptyReceipt(format, mode),
    startedBy,
    source: { sharedAudience: name },
    attempts: 0,
    checkpoint: { ...checkpoint },
  };
  await ports.jobs.put(job);
  await ports.dispatcher.enqueueExport(jobId);
  return { jobId };
}
