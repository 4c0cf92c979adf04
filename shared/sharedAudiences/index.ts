export { DynamoSharedAudienceStore } from './DynamoSharedAudienceStore.ts';
export {
  type SharedAudience,
  type SharedAudienceDefinition,
  type SnapshotState,
  sharedAudienceDefinitionSchema,
  sharedAudienceNameSchema,
} from './SharedAudience.ts';
export type { SharedAudienceStore } from './SharedAudienceStore.ts';
export { snapshotBasisOf } from './snapshotBasisOf.ts';
