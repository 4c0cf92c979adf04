import { type AepIdentityColumn, aepIdentityColumns } from './aepIdentityColumns.ts';
import { splitCsvLine } from './splitCsvLine.ts';
import type { DropInfo, LineError, LineParser, ParsedRecord } from './types.ts';

/**
 * Parser for AEP batch-export CSVs. The first line is the header; nested names are flattened with
 * `_` (a `.` in a header is read as `_`). The row's ID is the first non-empty identity column in
 * {@link aepIdentityColumns} order (namespace columns, XDM email/phone attributes, `identityMap_…`).
 * A header with no identity column makes the whole file unusable (`wholeFile`): its reason names
 * the columns found. The segment is the file name's (`DropInfo.segmentId`). The
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
  let header: { width: number; identities: AepIdentityColumn[]; status: number } | undefined;
  let headerError: LineError | undefined;
  return {
    parseLine(line: string): ParsedRecord | LineError | null {
      if (header === undefined && headerError === undefined) {
        const names = splitCsvLine(line);
        if (names === undefined) {
          headerError = { reason: 'header: malformed CSV quoting', wholeFile: true };
          return headerError;
        }
        const identities = aepIdentityColumns(names);
        if (identities.length === 0) {
          headerError = { reason: noIdentityReason(names), wholeFile: true };
          return headerError;
        }
        const flat = names.map((name) => name.trim().replaceAll('.', '_').toLowerCase());
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
      for (const { index, namespace } of header.identities) {
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

/** Columns named in the reason, at most (a header may have hundreds of attributes). */
const MAX_COLUMNS_NAMED = 20;

/** Why a header is unusable, naming the columns it has (header names are never personal data). */
function noIdentityReason(names: readonly string[]): string {
  const shown = names.slice(0, MAX_COLUMNS_NAMED).map((name) => name.trim());
  const more = names.length > MAX_COLUMNS_NAMED ? ` and ${names.length - MAX_COLUMNS_NAMED} more` : '';
  return `header: no usable identity column (an identity namespace such as ECID, Email or CRMID, personalEmail_address, workEmail_address, mobilePhone_number, homePhone_number, workPhone_number or identityMap_<NAMESPACE>_id); found ${shown.join(', ')}${more}`;
}
