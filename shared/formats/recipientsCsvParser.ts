import { RESERVED_KEYS } from '../http/reservedKeys.ts';
import { splitCsvLine } from './splitCsvLine.ts';
import type { DropInfo, LineError, LineParser, ParsedRecord } from './types.ts';

/**
 * Parser for recipient (profile) CSV loads under `inbound/recipients/`: a header with
 * `recipientId` (required), `email`, `phone` (case-insensitive) and any other columns, which
 * become string `attributes` under their header name. Empty cells are left out. A column named
 * `__proto__`, `constructor` or `prototype` fails the header: no attribute map can hold it (the
 * first would vanish silently, the second breaks the item encoder).
 *
 * @example
 * // header: recipientId,email,tier
 * parser.parseLine('r-1,a@b.example,gold', 2)
 * // { kind: 'recipient', recipientId: 'r-1', email: 'a@b.example', attributes: { tier: 'gold' } }
 */
export function createRecipientsCsvParser(_info: DropInfo): LineParser {
  let names: string[] | undefined;
  let roles: Array<'recipientId' | 'email' | 'phone' | 'attribute'> = [];
  let headerError: LineError | undefined;
  return {
    parseLine(line: string): ParsedRecord | LineError | null {
      if (names === undefined && headerError === undefined) {
        const header = splitCsvLine(line)?.map((name) => name.trim());
        if (header === undefined) {
          headerError = { reason: 'header: malformed CSV quoting' };
          return null;
        }
        roles = header.map((name) => {
          const lower = name.toLowerCase();
          if (lower === 'recipientid') return 'recipientId';
          if (lower === 'email' || lower === 'phone') return lower;
          return 'attribute';
        });
        const reserved = header.find((name) => RESERVED_KEYS.has(name));
        if (!roles.includes('recipientId')) headerError = { reason: 'header: missing column recipientId' };
        else if (reserved !== undefined)
          headerError = { reason: `header: column ${reserved} is a reserved name, not an attribute` };
        else names = header;
        return null;
      }
      if (names === undefined) return headerError ?? { reason: 'header: missing' };
      const fields = splitCsvLine(line);
      if (fields === undefined) return { reason: 'row: malformed CSV quoting' };
      if (fields.length !== names.length) {
        return { reason: `row: expected ${names.length} columns, found ${fields.length}` };
      }
      let recipientId = '';
      let email: string | undefined;
      let phone: string | undefined;
      const attributes: Record<string, string> = {};
      for (let i = 0; i < fields.length; i += 1) {
        const value = (fields[i] ?? '').trim();
        if (value === '') continue;
        const role = roles[i];
        if (role === 'recipientId') recipientId = value;
        else if (role === 'email') email = value;
        else if (role === 'phone') phone = value;
        else attributes[names[i] ?? ''] = value;
      }
      if (recipientId === '') return { reason: 'recipientId: empty' };
      return {
        kind: 'recipient',
        recipientId,
        ...(email !== undefined ? { email } : {}),
        ...(phone !== undefined ? { phone } : {}),
        attributes,
      };
    },
  };
}
