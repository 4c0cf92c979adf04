import type { IdRef } from '../identifiers/types.ts';
import { isDigits } from './isDigits.ts';

const VISITOR_ID_LENGTH = 38;

/**
 * The namespace `validateIdRef` checks an ID under: `dpid:0` → `aam_uuid`, another DPID with a
 * 38-digit value → `ecid`, else the ID's own namespace.
 *
 * @example
 * validationNamespace({ namespace: 'dpid:20914', value: '1'.repeat(38) }) // 'ecid'
 */
export function validationNamespace(id: IdRef): string {
  if (id.namespace.startsWith('dpid:')) {
    if (id.namespace === 'dpid:0') return 'aam_uuid';
    if (id.value.length === VISITOR_ID_LENGTH && isDigits(id.value)) return 'ecid';
  }
  return id.namespace;
}
