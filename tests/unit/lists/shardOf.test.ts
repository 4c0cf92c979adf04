import { describe, expect, it } from 'vitest';
import { shardOf } from '../../../shared/lists/index.ts';

describe('shardOf', () => {
  // Values of FNV-1a over Buffer.from(key, 'utf8') (the stored data's shards): must never change.
  it.each([
    ['r-1', 27],
    ['@email:jöhn@example.com', 15],
    ['@sms:+4915112345678', 17],
    ['r-日本', 8],
    ['r-😀', 21],
    ['r-\ud800x', 3],
  ])('keeps the UTF-8 FNV-1a shard when the key is %j', (key, shard) => {
    expect(shardOf(key)).toBe(shard);
  });
});
