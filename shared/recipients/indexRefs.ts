import { type IdRef, sha256Hex } from '../identifiers/index.ts';
import type { Recipient } from './types.ts';

/** Namespaces whose ID items a recipient write keeps in step with its email and phone. */
export const INDEX_NAMESPACES = ['email', 'email_sha256', 'phone', 'phone_sha256'] as const;

/**
 * The index items of a recipient (normalised email/phone, their SHA-256, and its recipientId), so
 * any of these declared IDs finds it in one lookup.
 */
export function indexRefs(recipient: { recipientId: string; email?: string; phone?: string }): IdRef[] {
  const refs: IdRef[] = [{ namespace: 'recipientId', value: recipient.recipientId }];
  if (recipient.email) {
    refs.push({ namespace: 'email', value: recipient.email });
    refs.push({ namespace: 'email_sha256', value: sha256Hex(recipient.email) });
  }
  if (recipient.phone) {
    refs.push({ namespace: 'phone', value: recipient.phone });
    refs.push({ namespace: 'phone_sha256', value: sha256Hex(recipient.phone) });
  }
  return refs;
}

/** Every ID item a recipient owns: its index items and the IDs linked to it (a privacy delete removes them all). */
export function ownedRefs(recipient: Recipient): IdRef[] {
  return [
    ...indexRefs(recipient),
    ...Object.entries(recipient.ids).flatMap(([namespace, values]) =>
      values.map((value) => ({ namespace, value })),
    ),
  ];
}
