import { blockedReason } from './blockedReason.ts';
import { DEVICE_NAMESPACES, type DeviceNamespace } from './globalDataSources.ts';
import type { IdCheck } from './IdCheck.ts';
import { isNamespace } from './isNamespace.ts';
import { MAX_ID_BYTES } from './limits.ts';
import { normaliseDeviceId } from './normaliseDeviceId.ts';
import { normaliseEmail } from './normaliseEmail.ts';
import { normaliseHashed } from './normaliseHashed.ts';
import { normaliseOpaque } from './normaliseOpaque.ts';
import { normalisePhone } from './normalisePhone.ts';
import { normaliseVisitorId } from './normaliseVisitorId.ts';

const DEVICE: ReadonlySet<string> = new Set(DEVICE_NAMESPACES);
const lowercaseTrimmed = (trimmed: string): IdCheck => normaliseOpaque(trimmed.toLowerCase());

/**
 * Normalises and validates one ID by its namespace, without any store (docs/identifiers.md is the
 * spec, tests/fixtures/identifier-vectors.json the vectors). Idempotent: normalising an accepted
 * value again gives the same value. Details name the rule, never the value.
 *
 * @example
 * normaliseId('email', ' JohnDoe@Example.com ') // → { ok: true, value: 'johndoe@example.com' }
 * normaliseId('ecid', 'null') // → { ok: false, reason: 'blocked', detail: 'placeholder value' }
 */
export function normaliseId(namespace: string, value: string): IdCheck {
  if (!isNamespace(namespace)) {
    return {
      ok: false,
      reason: 'invalid',
      detail: 'namespace: expected a known namespace, dpid:<n> or a data source name',
    };
  }
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short values need no byte count.
  if (value.length * 3 > MAX_ID_BYTES && Buffer.byteLength(value, 'utf8') > MAX_ID_BYTES) {
    return { ok: false, reason: 'invalid', detail: `expected at most ${MAX_ID_BYTES} bytes` };
  }
  const trimmed = value.trim();
  const blocked = blockedReason(trimmed);
  if (blocked) return { ok: false, reason: 'blocked', detail: blocked };
  switch (namespace) {
    case 'ecid':
    case 'aam_uuid':
      return normaliseVisitorId(trimmed);
    case 'email':
      return normaliseEmail(trimmed);
    case 'phone':
      return normalisePhone(trimmed);
    case 'email_sha256':
      return normaliseHashed(trimmed, normaliseEmail);
    case 'phone_sha256':
      return normaliseHashed(trimmed, normalisePhone);
    default:
      if (DEVICE.has(namespace)) return normaliseDeviceId(trimmed, namespace as DeviceNamespace);
      return namespace.endsWith('_sha256')
        ? normaliseHashed(trimmed, lowercaseTrimmed)
        : normaliseOpaque(trimmed);
  }
}
