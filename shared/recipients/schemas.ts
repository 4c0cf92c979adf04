import * as z from 'zod';
import { atMostBytes } from '../http/schemas.ts';
import { normaliseId } from '../identifiers/index.ts';

/** A recipient ID: opaque, trimmed, at most 256 characters, not a placeholder (`null`, `0`, …). */
export const recipientIdSchema = z
  .string()
  .max(256, 'expected at most 256 characters')
  .refine(...atMostBytes(512))
  .refine((id) => {
    const checked = normaliseId('crm', id);
    return checked.ok && checked.value === id;
  }, 'expected a trimmed ID that is not empty, a placeholder or control characters');

export const recipientIdParams = z.object({ recipientId: recipientIdSchema });

/** Body of `PUT /v1/recipients/{recipientId}`; email and phone are validated by their namespace rules. */
export const recipientInputSchema = z.strictObject({
  email: z
    .string()
    .max(512)
    .refine(...atMostBytes(512))
    .optional(),
  phone: z
    .string()
    .max(512)
    .refine(...atMostBytes(512))
    .optional(),
  attributes: z
    .record(
      z.string().min(1).max(128),
      z.union([
        z
          .string()
          .max(1024, 'expected at most 1024 characters')
          .refine(...atMostBytes(4096)),
        z.number(),
        z.boolean(),
        z.null(),
      ]),
    )
    .refine((a) => Object.keys(a).length <= 200, 'expected at most 200 attributes')
    .optional(),
  consent: z.record(z.string().min(1).max(64), z.boolean()).optional(),
  labels: z.array(z.string().min(1).max(64)).max(50).optional(),
});

export type RecipientInput = z.infer<typeof recipientInputSchema>;

/** One entry of a bulk load (`putMany`). */
export type RecipientRecord = RecipientInput & { recipientId: string };
