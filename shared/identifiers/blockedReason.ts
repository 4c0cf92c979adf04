/** Placeholder words that systems write when they have no ID (compared trimmed, lowercase). */
const BLOCKED_WORDS = new Set([
  'null',
  '(null)',
  'nil',
  'none',
  'undefined',
  'unknown',
  'n/a',
  'na',
  'nan',
  '-',
  '--',
  '-1',
  'false',
  'true',
  '[]',
  '{}',
  '""',
  "''",
  'empty',
  'blank',
  'default',
  'anonymous',
  'test',
]);

const LONGEST_WORD = Math.max(...[...BLOCKED_WORDS].map((word) => word.length));
/** Characters an all-zeros value is made of (`0 - . : _` and space). */
const ZERO_CHARS = new Set([...'0-.:_ '].map((c) => c.charCodeAt(0)));

/**
 * Why a trimmed value must never link anything (a placeholder, not an ID), or `undefined`.
 * All-zero values (`0`, `000…`, `00000000-0000-…`, an opted-out IDFA) are blocked in every namespace.
 */
export function blockedReason(trimmed: string): string | undefined {
  if (trimmed === '') return 'empty value';
  // Runs on every ID: skip the lowercase copy and the regex when they cannot match.
  if (trimmed.length <= LONGEST_WORD && BLOCKED_WORDS.has(trimmed.toLowerCase())) return 'placeholder value';
  if (ZERO_CHARS.has(trimmed.charCodeAt(0)) && /^[0\-.:_ ]+$/.test(trimmed) && trimmed.includes('0'))
    return 'all zeros';
  return undefined;
}
