import { isDigits } from './isDigits.ts';
import type { DropInfo, LineError, LineParser, ParsedRecord } from './types.ts';

/**
 * Parser for AAM outbound segment files: `<ID><SP><seg,seg,…><SP><removedSeg,…>`, either list
 * possibly empty (`id`, `id seg`, `id  rem`). The ID is keyed `dpid:<MASTER_DPID>`; the pipeline
 * maps it to the data source (or `ecid`). Segment IDs must be numeric.
 *
 * @example
 * createAamOutboundParser(info).parseLine('123 10,11 12', 1)
 * // { kind: 'membership', id: { namespace: 'dpid:20914', value: '123' }, add: ['10', '11'], remove: ['12'] }
 */
export function createAamOutboundParser(info: DropInfo): LineParser {
  const namespace = `dpid:${info.dpids[0] ?? 0}`;
  return {
    parseLine(line: string): ParsedRecord | LineError {
      const first = line.indexOf(' ');
      const id = first === -1 ? line : line.slice(0, first);
      if (id === '') return { reason: 'id: empty' };
      if (id.indexOf('\t') !== -1) return { reason: 'row: expected space-separated fields, found a tab' };
      let added = '';
      let removed = '';
      if (first !== -1) {
        const second = line.indexOf(' ', first + 1);
        added = second === -1 ? line.slice(first + 1) : line.slice(first + 1, second);
        if (second !== -1) {
          removed = line.slice(second + 1);
          if (removed.indexOf(' ') !== -1 && removed.trim().indexOf(' ') !== -1) {
            return { reason: 'row: expected at most 3 space-separated fields' };
          }
          removed = removed.trim();
        }
      }
      const add = segmentList(added);
      if (add === undefined) return { reason: 'segments: segment IDs must be numeric' };
      const remove = segmentList(removed);
      if (remove === undefined) return { reason: 'removedSegments: segment IDs must be numeric' };
      return { kind: 'membership', id: { namespace, value: id }, add, remove };
    },
  };
}

function segmentList(field: string): string[] | undefined {
  if (field === '') return [];
  const out: string[] = [];
  for (const part of field.split(',')) {
    if (part === '') continue;
    if (!isDigits(part)) return undefined;
    out.push(part);
  }
  return out;
}
