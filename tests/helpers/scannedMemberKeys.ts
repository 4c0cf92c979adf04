import type { ListStore } from '../../shared/lists/index.ts';

/**
 * Every member item of a list as stored, over all its shards (whatever version they belong to),
 * as sorted keys: the recipient ID, or `@<channel>:<address>` for an address-only member.
 *
 * @example
 * expect(await scannedMemberKeys(runtime.lists, 'aam.4321')).toEqual(['r-1', 'r-2']);
 */
export async function scannedMemberKeys(lists: ListStore, listId: string): Promise<string[]> {
  const keys: string[] = [];
  for (let shard = 0; shard < lists.shardCount; shard++) {
    for await (const batch of lists.scanShard(listId, shard))
      keys.push(...batch.map((m) => m.recipientId ?? `@${m.channel}:${m.address}`));
  }
  return keys.sort();
}
