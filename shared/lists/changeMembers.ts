import { ConflictError, NotFoundError, ValidationError } from '../errors/index.ts';
import type { ListStore, MemberOp, StoredList } from './ListStore.ts';
import { RULE_SOURCE } from './listSources.ts';

/** What a caller asks of a list's members: recipient IDs to add and to remove. */
export interface MemberChange {
  add: readonly string[];
  remove: readonly string[];
}

/** The recipients a member must be one of (an unknown ID would only surface later as an export's "without ID"). */
export interface KnownRecipients {
  getMany(recipientIds: readonly string[]): Promise<Map<string, unknown>>;
}

/**
 * Adds and removes recipients as one versioned write (its own pending version, under the list's
 * lease, visible at commit), refusing what would make it wrong: a rule list (its rule owns its
 * members), an ID in both sides, an ID that is no recipient. Returns the list after the commit.
 */
export async function changeMembers(
  lists: ListStore,
  recipients: KnownRecipients,
  listId: string,
  change: MemberChange,
): Promise<{ list: StoredList; added: number; removed: number }> {
  const stored = await lists.getStored(listId);
  if (!stored) throw new NotFoundError(`listId: no list ${listId}`, { field: 'listId' });
  if (stored.source === RULE_SOURCE) {
    throw new ConflictError(`listId: ${listId} is a rule list; change its rule instead`, { field: 'listId' });
  }
  await checkChange(recipients, change);
  const ops: MemberOp[] = [
    ...change.add.map((recipientId) => ({ op: 'add' as const, member: { recipientId } })),
    ...change.remove.map((recipientId) => ({ op: 'remove' as const, member: { recipientId } })),
  ];
  const write = await lists.openWrite(listId, `api:${crypto.randomUUID()}`);
  try {
    await write.apply(ops);
  } catch (error) {
    await write.abort();
    throw error;
  }
  const counts = await write.commit();
  return { list: (await lists.getStored(listId)) ?? stored, ...counts };
}

async function checkChange(recipients: KnownRecipients, change: MemberChange): Promise<void> {
  const adding = new Set(change.add);
  if (change.remove.some((id) => adding.has(id))) {
    throw new ValidationError('remove: an ID is also in add', { field: 'remove' });
  }
  const known = await recipients.getMany([...adding]);
  const unknown = change.add.findIndex((id) => !known.has(id));
  if (unknown >= 0) {
    throw new ValidationError(`add.${unknown}: no recipient with this ID`, { field: `add.${unknown}` });
  }
}
