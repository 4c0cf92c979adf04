/** Shards a list's members are spread over: a 10M list writes to 32 partition keys, ≈1/32 each. */
export const SHARD_COUNT = 32;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

const step = (hash: number, byte: number) => Math.imul(hash ^ byte, FNV_PRIME) >>> 0;

/**
 * The stable shard of a member key: FNV-1a (32-bit) of its UTF-8 bytes, mod `SHARD_COUNT`.
 * Stable across processes and Node versions, so writers and `forgetMember` find the same item.
 * Runs once per member op, so the UTF-8 bytes are computed from the char codes (no Buffer);
 * a lone surrogate counts as U+FFFD, as `Buffer.from(key, 'utf8')` encodes it.
 *
 * @example
 * shardOf('r-123'); // → a number in 0..31, always the same for 'r-123'
 */
export function shardOf(memberKey: string, shardCount: number = SHARD_COUNT): number {
  let hash = FNV_OFFSET;
  const length = memberKey.length;
  for (let i = 0; i < length; i += 1) {
    let c = memberKey.charCodeAt(i);
    if (c < 0x80) {
      hash = step(hash, c);
      continue;
    }
    if (c < 0x800) {
      hash = step(step(hash, 0xc0 | (c >> 6)), 0x80 | (c & 0x3f));
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < length ? memberKey.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i += 1;
        hash = step(step(hash, 0xf0 | (cp >> 18)), 0x80 | ((cp >> 12) & 0x3f));
        hash = step(step(hash, 0x80 | ((cp >> 6) & 0x3f)), 0x80 | (cp & 0x3f));
        continue;
      }
      c = 0xfffd;
    }
    hash = step(step(step(hash, 0xe0 | (c >> 12)), 0x80 | ((c >> 6) & 0x3f)), 0x80 | (c & 0x3f));
  }
  return hash % shardCount;
}
