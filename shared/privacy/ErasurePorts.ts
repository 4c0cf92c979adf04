import type { SnapshotStore } from '../exports/SnapshotStore.ts';
import type { IdentityService } from '../identities/IdentityService.ts';
import type { Member } from '../lists/types.ts';
import type { PendingStore } from '../pending/PendingStore.ts';
import type { SharedAudienceStore } from '../sharedAudiences/SharedAudienceStore.ts';

/** The bucket side of a privacy delete (S3 in AWS and locally: `S3ErasureFiles`). */
export interface ErasureFiles {
  /** Writes one text object (an opt-out file, the erasure record). */
  put(key: string, body: string, contentType: string): Promise<void>;
}

/** What a privacy delete reads and erases, narrowed to the calls it makes. */
export interface ErasurePorts {
  identity: Pick<IdentityService, 'subjectOf' | 'eraseId' | 'recipients'>;
  /** Removes a member from every list (the lists area's `forgetMember`); how many lists held it. */
  forgetMember(member: Member): Promise<number>;
  sharedAudiences: Pick<SharedAudienceStore, 'list'>;
  snapshots: Pick<SnapshotStore, 'getMany' | 'deleteMany'>;
  pending: Pick<PendingStore, 'ofKey' | 'remove'>;
  files: ErasureFiles;
  now: () => Date;
  newId: () => string;
}
