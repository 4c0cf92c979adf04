import { genericMembership } from './genericMembership.ts';
import { splitCsvLine } from './splitCsvLine.ts';
import type { DropInfo, LineError, LineParser, ParsedRecord } from './types.ts';

/**
 * Parser for the generic CSV form (docs/formats.md): a header row naming `id`, `namespace`,
 * `segment` (required) and optionally `source`, `status`, `action` (any order, case-insensitive,
 * other columns ignored); one membership per row. `action` wins over `status` when both are set.
 *
 * @example
 * // header: id,namespace,segment,status
 * parser.parseLine('crm-1,crm,4321,exited', 2)
 * // { kind: 'membership', id: { namespace: 'crm', value: 'crm-1' }, add: [], remove: ['4321'] }
 */
export function createGenericCsvParser(_info: DropInfo): LineParser {
  let columns: Record<'id' | 'namespace' | 'segment' | 'source' | 'status' | 'action', number> | undefined;
  let width = 0;
  let headerError: LineError | undefined;
  return {
    parseLine(line: string): ParsedRecord | LineError | null {
      if (columns === undefined && headerError === undefined) {
        const names = splitCsvLine(line)?.map((name) => name.trim().toLowerCase());
        if (names === undefined) {
          headerError = { reason: 'header: malformed CSV quoting' };
          return null;
        }
        const found = {
          id: names.indexOf('id'),
          namespace: names.indexOf('namespace'),
          segment: names.indexOf('segment'),
          source: names.indexOf('source'),
          status: names.indexOf('status'),
          action: names.indexOf('action'),
        };
        const missing = (['id', 'namespace', 'segment'] as const).filter((name) => found[name] === -1);
        if (missing.length > 0) headerError = { reason: `header: missing column ${missing.join(', ')}` };
        else columns = found;
        width = names.length;
        return null;
      }
      if (columns === undefined) return headerError ?? { reason: 'header: missing' };
      const fields = splitCsvLine(line);
      if (fields === undefined) return { reason: 'row: malformed CSV quoting' };
      if (fields.length !== width)
        return { reason: `row: expected ${width} columns, found ${fields.length}` };
      const at = (index: number): string => (index === -1 ? '' : (fields[index] ?? ''));
      const action = at(columns.action).trim();
      return genericMembership({
        id: at(columns.id),
        namespace: at(columns.namespace),
        segment: at(columns.segment),
        source: at(columns.source),
        status: action !== '' ? action : at(columns.status),
      });
    },
  };
}
