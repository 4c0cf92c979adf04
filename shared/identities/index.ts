export { BatchReconciler } from './BatchReconciler.ts';
export { createIdentityService, type IdentityServiceOptions } from './createIdentityService.ts';
export { DynamoIdentityStore } from './DynamoIdentityStore.ts';
export type { IdentityService, IdentityView, IdSubject } from './IdentityService.ts';
export type { IdentityChanges, IdentityStore } from './IdentityStore.ts';
export type { IdItem } from './IdItem.ts';
export { IdLinker, type LinkRowsResult, type RowOutcome } from './IdLinker.ts';
export { IdResolver } from './IdResolver.ts';
export { MAX_IDS_PER_NAMESPACE, MAX_LINKS_PER_ID } from './limits.ts';
export type { NamespaceRules } from './NamespaceRules.ts';
export type {
  LinkOutcome,
  ReconcileOptions,
  ReconcileReason,
  ReconcileResult,
  Reconciler,
} from './Reconciler.ts';
export type { Resolved } from './Resolved.ts';
export { refKey } from './refKey.ts';
export {
  identityParams,
  idRefSchema,
  linkBodySchema,
  MAX_RECONCILE_IDS,
  reconcileBodySchema,
} from './schemas.ts';
