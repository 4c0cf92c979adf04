import * as z from 'zod';
import { atMostBytes, idValueSchema, namespaceSchema } from '../http/schemas.ts';
import { recipientIdSchema } from '../recipients/schemas.ts';

/** Largest batch of `POST /v1/reconcile`. */
export const MAX_RECONCILE_IDS = 1000;

/** An ID as the API takes it; its value is validated by its namespace's rules afterwards. */
export const idRefSchema = z.strictObject({
  namespace: z.string().min(1).max(80),
  value: z.string().refine(...atMostBytes(512)),
});

/** Body of `POST /v1/reconcile`. */
export const reconcileBodySchema = z.strictObject({
  ids: z.array(idRefSchema).max(MAX_RECONCILE_IDS, `expected at most ${MAX_RECONCILE_IDS} items`),
});

/** Body of `POST /v1/identities/links`: IDs that belong together, optionally with their recipient. */
export const linkBodySchema = z.strictObject({
  recipientId: recipientIdSchema.optional(),
  ids: z.array(idRefSchema).min(1, 'expected at least 1 item').max(100, 'expected at most 100 items'),
});

/** Path of `GET /v1/identities/{namespace}/{value}` (already percent-decoded). */
export const identityParams = z.object({
  namespace: namespaceSchema,
  value: idValueSchema,
});
