import { hash32 } from './hash32.ts';

/** Salts that keep each derived value independent of the others. */
const SALT = { half1: 1, half2: 2, half3: 3, half4: 4, match: 5 } as const;

function nineDigits(seed: number, index: number, salt: number): string {
  return String(hash32(seed, index, salt) % 1_000_000_000).padStart(9, '0');
}

/**
 * The visitor ID (ECID, 38 digits) of row `index`: two 19-digit halves whose first digit is 0–8,
 * so each half stays ≤ 9223372036854775807 (FORMATS.md) and every generated ID is valid.
 */
export function visitorId(seed: number, index: number): string {
  const a = hash32(seed, index, SALT.half1);
  const b = hash32(seed, index, SALT.half3);
  return `${a % 9}${nineDigits(seed, index, SALT.half1)}${nineDigits(seed, index, SALT.half2)}${b % 9}${nineDigits(
    seed,
    index,
    SALT.half3,
  )}${nineDigits(seed, index, SALT.half4)}`;
}

/** The email of the recipient behind row `index` (reserved example domain, never a real address). */
export function benchEmail(index: number): string {
  return `user${index}@example.com`;
}

/** The recipient ID behind row `index`. */
export function benchRecipientId(index: number): string {
  return `r${index}`;
}

/**
 * Whether row `index`'s ID belongs to a known recipient: `matchShare` (0–1) of the rows do, picked
 * by hash so the matched rows are spread through the file, not a prefix.
 */
export function rowMatches(seed: number, index: number, matchShare: number): boolean {
  return hash32(seed, index, SALT.match) % 10_000 < Math.round(matchShare * 10_000);
}
