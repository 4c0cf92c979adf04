export { changedFields } from './changedFields.ts';
export { INDEX_NAMESPACES, indexRefs, ownedRefs } from './indexRefs.ts';
export type { PutManyOutcome } from './PutManyOutcome.ts';
export { type RecipientChange, RecipientService } from './RecipientService.ts';
export {
  RECIPIENT_LIMITS,
  type RecipientInput,
  type RecipientPatch,
  type RecipientRecord,
  recipientIdParams,
  recipientIdSchema,
  recipientInputSchema,
  recipientPatchSchema,
} from './schemas.ts';
export type { Recipient } from './types.ts';
