import type { IdRef } from '../identifiers/types.ts';
import type { DropInfo, LineError, LineParser, ParsedRecord } from './types.ts';

/**
 * Parser for ID-sync files: tab-separated IDs, one column per DPID of the file name, master
 * first. Each row links its IDs (`{kind: 'links'}`), keyed `dpid:<n>` (the pipeline maps a DPID to
 * its data source, or `aam_uuid` for 0). Empty columns are skipped; a row needs at least 2 IDs
 * and exactly as many columns as the name has DPIDs.
 *
 * @example
 * // info.dpids = [55555, 0]
 * createAamIdSyncParser(info).parseLine('crm-1\t123', 1)
 * // { kind: 'links', ids: [{ namespace: 'dpid:55555', value: 'crm-1' }, { namespace: 'dpid:0', value: '123' }] }
 */
export function createAamIdSyncParser(info: DropInfo): LineParser {
  const namespaces = info.dpids.map((dpid) => `dpid:${dpid}`);
  return {
    parseLine(line: string): ParsedRecord | LineError {
      const columns = line.split('\t');
      if (columns.length !== namespaces.length) {
        return {
          reason: `row: expected ${namespaces.length} tab-separated columns (one per DPID), found ${columns.length}`,
        };
      }
      const ids: IdRef[] = [];
      for (let i = 0; i < columns.length; i += 1) {
        const value = (columns[i] ?? '').trim();
        if (value !== '') ids.push({ namespace: namespaces[i] ?? '', value });
      }
      if (ids.length < 2) return { reason: 'row: fewer than 2 IDs to link' };
      return { kind: 'links', ids };
    },
  };
}
