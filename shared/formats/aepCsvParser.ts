import { splitCsvLine } from './splitCsvLine.ts';
import type { DropInfo, LineError, LineParser, ParsedRecord } from './types.ts';

/**
 * AEP identity columns (flattened header names, matched case-insensitively) and their namespaces,
 * in the order a row's ID is chosen: the first non-empty one wins. Declared IDs come first because
 * they reconcile to a recipient directly; the ECID and device IDs need an identity link.
 */
export const AEP_IDENTITY_COLUMNS: ReadonlyArray<readonly [column: string, namespace: string]> = [
  ['CRMID', 'crm'],
  ['Email', 'email'],
  ['Email_LC_SHA256', 'email_sha256'],
  ['Phone_SHA256', 'phone_sha256'],
  ['ECID', 'ecid'],
  ['IDFA', 'idfa'],
  ['GAID', 'gaid'],
];

/**
 * Parser for AEP batch-export CSVs. The first line is the header; nested names are flattened with
 * `_` (a `.` in a header is read as `_`). The row's ID is the first non-empty identity column in
 * {@link AEP_IDENTITY_COLUMNS} order. The segment is the file name's (`DropInfo.segmentId`). The
 * status column (`segmentMembership_status`, or any flattened `segmentMembership…status`)
 * `realized`/`existing` or empty/absent → add, `exited` → remove. Each physical line is one
 * record (AEP exports never put a newline inside a quoted field).
 *
 * @example
 * // header: ECID,Email,segmentMembership_status
 * parser.parseLine('1234…,a@b.example,exited', 2)
 * // { kind: 'membership', id: { namespace: 'email', value: 'a@b.example' }, add: [], remove: ['<segmentId>'] }
 */
export function createAepCsvParser(info: DropInfo): LineParser {
  const segment = info.segmentId ?? '';
  let header:
    | { width: number; identities: Array<[index: number, namespace: string]>; status: number }
    | undefined;
  let headerError: LineError | undefined;
  return {
    parseLine(line: string): ParsedRecord | LineError | null {
      if (header === undefined && headerError === undefined) {
        const names = splitCsvLine(line);
        if (names === undefined) {
          headerError = { reason: 'header: malformed CSV quoting' };
          return null;
        }
        const flat = names.map((name) => name.trim().replaceAll('.', '_').toLowerCase());
        const identities: Array<[number, string]> = [];
        for (const [column, namespace] of AEP_IDENTITY_COLUMNS) {
          const index = flat.indexOf(column.toLowerCase());
          if (index !== -1) identities.push([index, namespace]);
        }
        if (identities.length === 0) {
          headerError = {
            reason:
              'header: no identity column (CRMID, Email, Email_LC_SHA256, Phone_SHA256, ECID, IDFA, GAID)',
          };
          return null;
        }
        const status = flat.findIndex(
          (name) => name.startsWith('segmentmembership') && name.endsWith('status'),
        );
        header = { width: names.length, identities, status };
        return null;
      }
      if (header === undefined) return headerError ?? { reason: 'header: missing' };
      if (segment === '') return { reason: 'segment: the file name carries no segment ID' };
      const fields = splitCsvLine(line);
      if (fields === undefined) return { reason: 'row: malformed CSV quoting' };
      if (fields.length !== header.width) {
        return { reason: `row: expected ${header.width} columns, found ${fields.length}` };
      }
      let id: { namespace: string; value: string } | undefined;
      for (const [index, namespace] of header.identities) {
        const value = (fields[index] ?? '').trim();
        if (value !== '') {
          id = { namespace, value };
          break;
        }
      }
      if (id === undefined) return { reason: 'identity: every identity column is empty' };
      const status = header.status === -1 ? '' : (fields[header.status] ?? '').trim().toLowerCase();
      if (status === '' || status === 'realized' || status === 'existing') {
        return { kind: 'membership', id, add: [segment], remove: [] };
      }
      if (status === 'exited') return { kind: 'membership', id, add: [], remove: [segment] };
      return { reason: 'segmentMembership_status: expected realized, existing or exited' };
    },
  };
}
