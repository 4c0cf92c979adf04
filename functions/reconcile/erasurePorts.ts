import { randomUUID } from 'node:crypto';
import { DynamoSnapshotStore } from '../../shared/exports/index.ts';
import { type ErasurePorts, S3ErasureFiles } from '../../shared/privacy/index.ts';
import type { Runtime } from '../runtime.ts';

/** The composition root of a privacy delete: the ports of a runtime's stores and clients. */
export function erasurePortsOf(runtime: Runtime): ErasurePorts {
  return {
    identity: runtime.identity,
    forgetMember: (member) => runtime.lists.forgetMember(member),
    sharedAudiences: runtime.sharedAudiences,
    snapshots: new DynamoSnapshotStore(runtime.clients.ddb, runtime.config.table),
    pending: runtime.pending,
    files: new S3ErasureFiles(runtime.clients.s3, runtime.config.bucket),
    now: () => runtime.now(),
    newId: randomUUID,
  };
}
