import { genericMembership } from './genericMembership.ts';
import type { DropInfo, LineError, LineParser, ParsedRecord } from './types.ts';

/**
 * Parser for the generic NDJSON form (docs/formats.md): one JSON object per line with `id`,
 * `namespace`, `segment` (strings; `id` and `segment` may be numbers) and optional `source`,
 * `status`, `action` strings — the same meaning as the generic CSV columns. No header.
 *
 * @example
 * parser.parseLine('{"id":"crm-1","namespace":"crm","segment":4321}', 1)
 * // { kind: 'membership', id: { namespace: 'crm', value: 'crm-1' }, add: ['4321'], remove: [] }
 */
export function createNdjsonParser(_info: DropInfo): LineParser {
  return {
    parseLine(line: string): ParsedRecord | LineError {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return { reason: 'row: not valid JSON' };
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return { reason: 'row: expected a JSON object' };
      }
      const row = value as Record<string, unknown>;
      const id = scalar(row.id, true);
      if (id === undefined) return { reason: 'id: expected a string or number' };
      const namespace = scalar(row.namespace, false);
      if (namespace === undefined) return { reason: 'namespace: expected a string' };
      const segment = scalar(row.segment, true);
      if (segment === undefined) return { reason: 'segment: expected a string or number' };
      const source = optional(row.source);
      if (source === null) return { reason: 'source: expected a string' };
      const action = optional(row.action);
      if (action === null) return { reason: 'action: expected a string' };
      const status = optional(row.status);
      if (status === null) return { reason: 'status: expected a string' };
      return genericMembership({ id, namespace, segment, source, status: action || status });
    },
  };
}

function scalar(value: unknown, numberAllowed: boolean): string | undefined {
  if (typeof value === 'string') return value;
  if (numberAllowed && typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** `undefined` when absent, `null` when of the wrong type. */
function optional(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : null;
}
