import type { IdRef } from '../identifiers/index.ts';
import type { IdentityStore } from './IdentityStore.ts';
import { refKey } from './refKey.ts';

/**
 * Deletes ID items and every reference to them in the items they were linked to (and the given
 * recipients): what a privacy delete leaves of an ID is nothing. Returns the neighbours cleaned.
 *
 * @example
 * await forgetIds(store, [{ namespace: 'ecid', value: '1234…' }]);
 */
export async function forgetIds(
  store: IdentityStore,
  owned: readonly IdRef[],
  recipientIds: readonly string[] = [],
): Promise<number> {
  const gone = new Set(owned.map(refKey));
  const items = await store.getIds(owned);
  const neighbours = [...items.values()]
    .flatMap((item) => item.linked)
    .filter((ref) => !gone.has(refKey(ref)));
  const cleaned = [...(await store.getIds(neighbours)).values()].map((item) => ({
    ...item,
    linked: item.linked.filter((ref) => !gone.has(refKey(ref))),
  }));
  await store.write({ deleteIds: owned, putIds: cleaned, deleteRecipients: recipientIds });
  return cleaned.length;
}
