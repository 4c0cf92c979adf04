import type { Recipient } from './types.ts';

type Flat = Map<string, string>;

/** A recipient's profile fields as `field → JSON value`: maps by entry, labels as one field. */
function flatten(recipient: Recipient | undefined): Flat {
  const flat: Flat = new Map();
  if (!recipient) return flat;
  if (recipient.email !== undefined) flat.set('email', recipient.email);
  if (recipient.phone !== undefined) flat.set('phone', recipient.phone);
  if (recipient.labels !== undefined) flat.set('labels', JSON.stringify(recipient.labels));
  for (const [name, value] of Object.entries(recipient.attributes ?? {})) {
    flat.set(`attributes.${name}`, JSON.stringify(value));
  }
  for (const [purpose, value] of Object.entries(recipient.consent ?? {})) {
    flat.set(`consent.${purpose}`, JSON.stringify(value));
  }
  return flat;
}

/**
 * The profile fields a write changed (added, removed or given another value), by name only, for
 * the audit record: `email`, `phone`, `labels`, `attributes.<name>`, `consent.<purpose>`. Linked
 * IDs and `updatedAt` are not profile fields.
 *
 * @example
 * changedFields({ ...r, attributes: { tier: 'gold' } }, { ...r, attributes: { tier: 'silver' } });
 * // ['attributes.tier']
 */
export function changedFields(before: Recipient | undefined, after: Recipient): string[] {
  const old = flatten(before);
  const fresh = flatten(after);
  const names = new Set([...old.keys(), ...fresh.keys()]);
  return [...names].filter((name) => old.get(name) !== fresh.get(name)).sort();
}
