import { DynamoLeaseStore, type LeaseStore } from '../leases/index.ts';
import type { Runtime } from '../runtime/index.ts';

/** How long an export holds its shared audience without renewing (a Lambda runs at most 15 min). */
export const EXPORT_LEASE_MS = 15 * 60 * 1000;

/** The lease resource of a shared audience's exports: `pk=LEASE#export#<name>`. */
export const exportLeaseResource = (sharedAudience: string): string => `export#${sharedAudience}`;

/**
 * The lease store exports use to never run two exports of one shared audience at once: the job
 * that will run takes it when it is created, the worker resumes it, and it is released at the end.
 */
export function exportLeases(runtime: Runtime): LeaseStore {
  return new DynamoLeaseStore(runtime.clients.ddb, runtime.config.table, () => runtime.now().getTime());
}
