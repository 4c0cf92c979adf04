import {
  DynamoSnapshotStore,
  type ExportPorts,
  exportLeases,
  exportSourcesOf,
  S3ExportFiles,
} from '../shared/exports/index.ts';
import type { Runtime } from '../shared/runtime/index.ts';

/**
 * The composition root of exports (the export worker runs them; tests and the bench run the same):
 * the ports of a runtime's stores and clients.
 */
export function exportPortsOf(runtime: Runtime): ExportPorts {
  return {
    jobs: runtime.jobs,
    sharedAudiences: runtime.sharedAudiences,
    sources: exportSourcesOf(runtime),
    snapshots: new DynamoSnapshotStore(runtime.clients.ddb, runtime.config.table),
    files: new S3ExportFiles(runtime.clients.s3, runtime.config.bucket),
    leases: exportLeases(runtime),
    now: () => runtime.now(),
  };
}
