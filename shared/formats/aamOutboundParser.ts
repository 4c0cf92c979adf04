import type { DropInfo, LineError, LineParser, ParsedRecord } from './types.ts';

/**
 * Parser for AAM outbound segment files: `<ID><SP><seg,seg,…><SP><removedSeg,…>`, either list
 * possibly empty (`id`, `id seg`, `id  rem`). The ID is keyed `dpid:<MASTER_DPID>`; the pipeline
 * maps it to the data source (or `ecid`). Segment IDs must be numeric.
 *
 * @example
 * createAamOutboundParser(info).parseLine('123 10,11 12', 1)
 * // { kind: 'membership', id: { namespace: 'dpid:55555', value: '123' }, add: ['10', '11'], remove: ['12'] }
 */
export function createAamOutboundParser(info: DropInfo): LineParser {
  const namespace = `dpid:${info.dpids[0] ?? 0}`;
  return {
    parseLine(line: string): ParsedRecord | LineError {
      // One pass over the characters (this is the hot path of AAM ingest): no split, no regex.
      const length = line.length;
      let i = line.indexOf(' ');
      if (i === -1) i = length;
      const id = line.slice(0, i);
      if (id === '') return { reason: 'id: empty' };
      if (id.indexOf('\t') !== -1) return { reason: 'row: expected space-separated fields, found a tab' };
      const add: string[] = [];
      const remove: string[] = [];
      let field = 0; // 0: add list, 1: removed list, 2+: trailing spaces only
      let start = i + 1;
      for (let j = i + 1; j <= length; j += 1) {
        const c = j < length ? line.charCodeAt(j) : 32;
        if (c >= 48 && c <= 57) continue;
        if (c !== 44 && c !== 32) {
          if (field >= 2) return { reason: 'row: expected at most 3 space-separated fields' };
          return {
            reason:
              field === 0
                ? 'segments: segment IDs must be numeric'
                : 'removedSegments: segment IDs must be numeric',
          };
        }
        if (j > start) {
          if (field >= 2) return { reason: 'row: expected at most 3 space-separated fields' };
          (field === 0 ? add : remove).push(line.slice(start, j));
        }
        start = j + 1;
        if (c === 32) field += 1;
      }
      return { kind: 'membership', id: { namespace, value: id }, add, remove };
    },
  };
}
