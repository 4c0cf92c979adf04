/** Shards a list's members are spread over: a 10M list writes to 32 partition keys, ≈1/32 each. */
export const SHARD_COUNT = 32;

/**
 * The stable shard of a member key: FNV-1a (32-bit) of its UTF-8 bytes, mod `SHARD_COUNT`.
 * Stable across processes and Node versions, so writers and `forgetMember` find the same item.
 *
 * @example
 * shardOf('r-123'); // → a number in 0..31, always the same for 'r-123'
 */
export function shardOf(memberKey: string, shardCount: number = SHARD_COUNT): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(memberKey, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shardCount;
}
