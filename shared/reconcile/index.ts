export {
  identityParams,
  idRefSchema,
  linkBodySchema,
  MAX_RECONCILE_IDS,
  reconcileBodySchema,
} from './schemas.ts';
export type {
  LinkOutcome,
  ReconcileOptions,
  ReconcileReason,
  ReconcileResult,
  Reconciler,
} from './types.ts';
