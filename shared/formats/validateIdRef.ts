import type { IdCheck } from '../identifiers/index.ts';
import { normaliseId, validationNamespace } from '../identifiers/index.ts';
import type { IdRef } from '../identifiers/types.ts';

/**
 * Validates an ID without any store (what `inspect` and the receipt counter use). Well-known
 * namespaces and data-source names go to `normaliseId`. A `dpid:<n>` namespace is only resolved
 * to a data source by the pipeline, so here: `dpid:0` is the AAM UUID (a visitor ID); another DPID
 * whose value is exactly 38 digits is checked as a visitor ID (ECID halves ≤ 2^63−1), since only
 * visitor IDs look like that; any other value is checked as an opaque declared ID.
 *
 * @example
 * validateIdRef({ namespace: 'dpid:0', value: '1'.repeat(38) }) // { ok: false, reason: 'invalid', … }
 */
export function validateIdRef(id: IdRef): IdCheck {
  return normaliseId(validationNamespace(id), id.value);
}
