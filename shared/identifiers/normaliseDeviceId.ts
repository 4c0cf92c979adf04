import type { DeviceNamespace } from './globalDataSources.ts';
import type { IdCheck } from './IdCheck.ts';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** SHA-1 and SHA-256 hex: what a hashed device ID looks like (AAM takes raw device IDs only). */
const HASHED = /^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/;

/**
 * Device advertising IDs of AAM's global data sources, as AAM validates them (FORMATS.md): a UUID
 * (8-4-4-4-12 hex) for every platform but Microsoft, whose MAID is alphanumeric. IDFA is kept
 * uppercase (Apple's form), every other one lowercase (GAID is Google's lowercase form), so the
 * same device always gives the same key. A hashed value is refused: AAM takes raw IDs only.
 */
export function normaliseDeviceId(trimmed: string, namespace: DeviceNamespace): IdCheck {
  if (namespace === 'microsoft_maid') {
    if (HASHED.test(trimmed)) {
      return { ok: false, reason: 'invalid', detail: 'expected a raw device ID, not a hash' };
    }
    if (!/^[0-9A-Za-z-]{1,64}$/.test(trimmed)) {
      return { ok: false, reason: 'invalid', detail: 'expected an alphanumeric device ID' };
    }
    return { ok: true, value: trimmed.toLowerCase() };
  }
  if (!UUID.test(trimmed)) {
    const detail = HASHED.test(trimmed)
      ? 'expected a raw device ID, not a hash'
      : 'expected a UUID (8-4-4-4-12 hex digits)';
    return { ok: false, reason: 'invalid', detail };
  }
  return { ok: true, value: namespace === 'idfa' ? trimmed.toUpperCase() : trimmed.toLowerCase() };
}
