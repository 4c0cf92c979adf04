import type { ErasurePorts } from './ErasurePorts.ts';

/**
 * Deletes every pending membership kept under the person's keys (`refKey`s of their IDs) and under
 * the other lookup keys of those memberships (each is stored once per lookup key of its ID: an
 * encrypted ID's copy under its email, say), with the keys' markers. Returns the memberships deleted.
 */
export async function erasePending(
  pending: ErasurePorts['pending'],
  keys: readonly string[],
): Promise<number> {
  const todo = [...new Set(keys)];
  const seen = new Set(todo);
  const entries: Array<{ key: string; listId: string }> = [];
  for (let key = todo.pop(); key !== undefined; key = todo.pop()) {
    for (const membership of await pending.ofKey(key)) {
      entries.push({ key, listId: membership.listId });
      for (const copy of membership.keys) {
        if (seen.has(copy)) continue;
        seen.add(copy);
        todo.push(copy);
      }
    }
  }
  if (entries.length > 0) await pending.remove(entries, [...seen]);
  return entries.length;
}
