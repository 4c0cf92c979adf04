/**
 * What a generated drop contains. Row `i` (0-based) always carries the same ID and segments for a
 * given seed, whatever the row count, so the small file is a prefix of the large one.
 */
export interface DropSpec {
  rows: number;
  seed: number;
  /** `many`: 1–3 of 16 segments per row, 10% of rows also remove one; `one`: every row adds segment 4321 only. */
  segments: 'many' | 'one';
}

/** The realistic share of rows whose ID reconciles to a recipient (seeded before the run). */
export const MATCH_SHARE = 0.8;

/** Rows per million that carry an invalid ID / a malformed line, so the error paths run too. */
export const INVALID_PER_MILLION = 2_000;
export const MALFORMED_PER_MILLION = 500;

/** The 16 segment IDs of `many` drops, and the one of `one` drops. */
export const SEGMENT_POOL: readonly string[] = Array.from({ length: 16 }, (_, i) => String(4000 + i));
export const SINGLE_SEGMENT = '4321';
