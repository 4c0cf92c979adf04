export { INDEX_NAMESPACES, indexRefs } from './indexRefs.ts';
export type { PutManyOutcome } from './PutManyOutcome.ts';
export { RecipientService } from './RecipientService.ts';
export {
  type RecipientInput,
  type RecipientRecord,
  recipientIdParams,
  recipientIdSchema,
  recipientInputSchema,
} from './schemas.ts';
export type { Recipient } from './types.ts';
