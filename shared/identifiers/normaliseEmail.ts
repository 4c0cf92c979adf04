import type { IdCheck } from './IdCheck.ts';

const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Email: trimmed, lowercased (AAM's hashing rule), then checked: one `@`, a dot-atom local part of
 * at most 64 characters, a domain of at least two DNS labels with a letter TLD, 254 characters in all.
 */
export function normaliseEmail(trimmed: string): IdCheck {
  const value = trimmed.toLowerCase();
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  const tld = labels[labels.length - 1] ?? '';
  const ok =
    at > 0 &&
    value.length <= 254 &&
    local.length <= 64 &&
    LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    /^[a-z]{2,63}$/.test(tld);
  return ok ? { ok: true, value } : { ok: false, reason: 'invalid', detail: 'expected an email address' };
}
