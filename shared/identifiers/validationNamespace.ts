import { globalNamespaceOf } from './globalDataSources.ts';
import type { IdRef } from './types.ts';

const VISITOR_ID_LENGTH = 38;

/**
 * The namespace an ID is checked under without a store, the one way ingest and `inspect` share:
 * `dpid:0` → `aam_uuid`; a global data source's DPID → its device namespace (`dpid:20914` → `gaid`);
 * another DPID with a 38-digit value → `ecid` (only visitor IDs look like that); else the ID's own
 * namespace. The pipeline's `IdResolver` applies the same rules, then the data sources.
 *
 * @example
 * validationNamespace({ namespace: 'dpid:20914', value: '97987bca-ae59-4c7d-94ba-ee4f19ab8c21' }) // 'gaid'
 * validationNamespace({ namespace: 'dpid:163', value: '1'.repeat(38) }) // 'ecid'
 */
export function validationNamespace(id: IdRef): string {
  if (id.namespace.startsWith('dpid:')) {
    const dpid = Number(id.namespace.slice(5));
    if (dpid === 0) return 'aam_uuid';
    const device = globalNamespaceOf(dpid);
    if (device) return device;
    if (id.value.length === VISITOR_ID_LENGTH && /^\d+$/.test(id.value)) return 'ecid';
  }
  return id.namespace;
}
