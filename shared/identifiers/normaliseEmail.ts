import type { IdCheck } from './IdCheck.ts';

const INVALID: IdCheck = { ok: false, reason: 'invalid', detail: 'expected an email address' };

/** `a-z 0-9` and the other characters RFC 5322 allows in a dot-atom (`!#$%&'*+/=?^_\`{|}~-`). */
const ATOM = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-") ATOM[c.charCodeAt(0)] = 1;

const isLetter = (c: number) => c >= 97 && c <= 122;
const isAlnum = (c: number) => isLetter(c) || (c >= 48 && c <= 57);

/**
 * Email: trimmed, lowercased (AAM's hashing rule), then checked: one `@`, a dot-atom local part of
 * at most 64 characters, a domain of at least two DNS labels (1–63 of `a-z 0-9 -`, not starting or
 * ending with `-`) with a letter TLD of 2–63, 254 characters in all. One pass over the characters,
 * no split or regex: this runs on every row of an email drop.
 */
export function normaliseEmail(trimmed: string): IdCheck {
  const value = trimmed.toLowerCase();
  const at = value.lastIndexOf('@');
  if (at <= 0 || value.length > 254 || at > 64) return INVALID;
  return localOk(value, at) && domainOk(value, at + 1) ? { ok: true, value } : INVALID;
}

/** `value[0, end)` is a dot-atom: atoms of ATOM characters joined by single dots. */
function localOk(value: string, end: number): boolean {
  let atomLength = 0;
  for (let i = 0; i < end; i += 1) {
    const c = value.charCodeAt(i);
    if (c === 46) {
      if (atomLength === 0) return false;
      atomLength = 0;
    } else if (c < 128 && ATOM[c] === 1) atomLength += 1;
    else return false;
  }
  return atomLength > 0;
}

/** `value[start, …)` is two or more DNS labels, the last one 2–63 letters. */
function domainOk(value: string, start: number): boolean {
  let labels = 0;
  let labelStart = start;
  for (let i = start; i <= value.length; i += 1) {
    const c = i < value.length ? value.charCodeAt(i) : 46;
    if (c === 46) {
      const length = i - labelStart;
      if (length < 1 || length > 63) return false;
      if (!isAlnum(value.charCodeAt(labelStart)) || !isAlnum(value.charCodeAt(i - 1))) return false;
      labels += 1;
      if (i === value.length) {
        if (length < 2) return false;
        for (let j = labelStart; j < i; j += 1) if (!isLetter(value.charCodeAt(j))) return false;
      }
      labelStart = i + 1;
    } else if (!isAlnum(c) && c !== 45) return false;
  }
  return labels >= 2;
}
