import {
  DynamoSnapshotStore,
  type ExportPorts,
  type ExportSources,
  S3ExportFiles,
  type ScheduledExportPorts,
} from '../shared/exports/index.ts';
import type { Runtime } from './runtime.ts';

/**
 * The composition root of exports (the API and the schedule start them, the export worker runs
 * them; tests and the bench do the same): the ports of a runtime's stores and clients.
 *
 * @example
 * const { jobId } = await startExport(exportPortsOf(runtime), { sharedAudience: 'crm-weekly' }, 'schedule');
 */
export function exportPortsOf(runtime: Runtime): ExportPorts & ScheduledExportPorts {
  return {
    jobs: runtime.jobs,
    sharedAudiences: runtime.sharedAudiences,
    sources: exportSourcesOf(runtime),
    snapshots: new DynamoSnapshotStore(runtime.clients.ddb, runtime.config.table),
    files: new S3ExportFiles(runtime.clients.s3, runtime.config.bucket),
    leases: runtime.leases,
    dispatcher: runtime.dispatcher,
    now: () => runtime.now(),
  };
}

/**
 * What exports read of a runtime: the list store and the identity area, unless a test installed
 * in-memory `exportSources` on it.
 */
export function exportSourcesOf(runtime: Runtime): ExportSources {
  if (runtime.exportSources) return runtime.exportSources;
  return {
    lists: runtime.lists,
    dataSources: runtime.identity.dataSources,
    recipients: runtime.identity.recipients,
  };
}
