export { DynamoSharedAudienceStore } from './DynamoSharedAudienceStore.ts';
export {
  type SharedAudience,
  type SharedAudienceDefinition,
  type SnapshotState,
  sharedAudienceDefinitionSchema,
  sharedAudienceNameSchema,
  snapshotBasisOf,
} from './SharedAudience.ts';
export type { SharedAudienceStore } from './SharedAudienceStore.ts';
