import * as z from 'zod';
import { atMostBytes, mapOf } from '../http/schemas.ts';
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

/** Caps of a recipient's maps and lists (README, "Limits"); the stored item is also held to 400 KB. */
export const RECIPIENT_LIMITS = {
  attributes: { maxEntries: 200, maxKeyChars: 128 },
  consent: { maxEntries: 100, maxKeyChars: 64 },
  labels: { maxItems: 50, maxChars: 64 },
} as const;

/**
 * A number DynamoDB stores exactly as given: the SDK refuses integers past 2^53 (they would lose
 * digits) and DynamoDB numbers below 1e-130.
 */
const storableNumber = z
  .number()
  .min(-Number.MAX_SAFE_INTEGER, 'expected a number of at least -(2^53 - 1)')
  .max(Number.MAX_SAFE_INTEGER, 'expected a number of at most 2^53 - 1')
  .refine((n) => n === 0 || Math.abs(n) >= 1e-130, 'expected 0 or a magnitude of at least 1e-130');

const attributeValue = z.union([
  z
    .string()
    .max(1024, 'expected at most 1024 characters')
    .refine(...atMostBytes(4096)),
  storableNumber,
  z.boolean(),
  z.null(),
]);
/** A recipient's attributes, as PUT and bulk loads (`inbound/recipients/`) both take them. */
export const attributesSchema = mapOf(attributeValue, RECIPIENT_LIMITS.attributes);

/** Consent flags by purpose (`marketing: false`). */
const consentSchema = mapOf(z.boolean(), RECIPIENT_LIMITS.consent);

/** An email or phone as given (its namespace's rules apply when it is written). */
const contact = z
  .string()
  .max(512)
  .refine(...atMostBytes(512));
const labels = z
  .array(z.string().min(1).max(RECIPIENT_LIMITS.labels.maxChars))
  .max(RECIPIENT_LIMITS.labels.maxItems);

/** Body of `PUT /v1/recipients/{recipientId}`; email and phone are validated by their namespace rules. */
export const recipientInputSchema = z.strictObject({
  email: contact.optional(),
  phone: contact.optional(),
  attributes: attributesSchema.optional(),
  consent: consentSchema.optional(),
  labels: labels.optional(),
});

/**
 * Body of `PATCH /v1/recipients/{recipientId}` (JSON Merge Patch, RFC 7396): a member replaces the
 * stored one, `null` removes it, `attributes` and `consent` merge by entry. An attribute cannot be
 * set to `null` by a patch (that removes it): use PUT. The caps hold for the merged profile.
 */
export const recipientPatchSchema = z.strictObject({
  email: contact.nullable().optional(),
  phone: contact.nullable().optional(),
  attributes: mapOf(attributeValue, RECIPIENT_LIMITS.attributes).nullable().optional(),
  consent: mapOf(z.boolean().nullable(), RECIPIENT_LIMITS.consent).nullable().optional(),
  labels: labels.nullable().optional(),
});

export type RecipientInput = z.infer<typeof recipientInputSchema>;
export type RecipientPatch = z.infer<typeof recipientPatchSchema>;

/** One entry of a bulk load (`putMany`). */
export type RecipientRecord = RecipientInput & { recipientId: string };
