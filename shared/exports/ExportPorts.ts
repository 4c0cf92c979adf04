import type { JobStore } from '../jobs/index.ts';
import type { LeaseStore } from '../leases/index.ts';
import type { SharedAudienceStore } from '../sharedAudiences/index.ts';
import type { ExportFiles } from './ExportFiles.ts';
import type { ExportSources } from './ExportSources.ts';
import type { SnapshotStore } from './SnapshotStore.ts';

/** What an export job works with, each behind its own port (built at the edge: `exportPorts`). */
export interface ExportPorts {
  jobs: Pick<JobStore, 'get' | 'transition'>;
  sharedAudiences: Pick<SharedAudienceStore, 'get' | 'nextGeneration' | 'publishSnapshot'>;
  sources: ExportSources;
  snapshots: SnapshotStore;
  files: ExportFiles;
  /** One export of a shared audience at a time. */
  leases: LeaseStore;
  now(): Date;
}
