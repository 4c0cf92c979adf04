/**
 * A fast, well-mixed 32-bit hash of `(seed, index, salt)` (the murmur3 finaliser). Generators and
 * seeders derive every value of row `index` from it, so row 42 of a 100,000-row file equals row 42
 * of a 1,000,000-row file with the same seed, and a seeder can recompute a row's IDs without the file.
 *
 * @example
 * hash32(7, 42, 1) // the same unsigned 32-bit integer on every run and machine
 */
export function hash32(seed: number, index: number, salt = 0): number {
  let h = (seed ^ Math.imul(index + 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ (index >>> 0), 0x27d4eb2d);
  h ^= h >>> 15;
  return h >>> 0;
}
