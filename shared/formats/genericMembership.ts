import type { LineError, ParsedRecord } from './types.ts';

const ADD = new Set(['', 'add', 'added', 'realized', 'existing', 'active']);
const REMOVE = new Set(['remove', 'removed', 'exited', 'inactive', 'deleted']);

/** The fields of one generic CSV/NDJSON row, before checks. */
export interface GenericFields {
  id: string;
  namespace: string;
  segment: string;
  source?: string;
  /** `action` when given, else `status`. */
  status?: string;
}

/**
 * Turns the fields of a generic CSV or NDJSON row into a membership: the one place both generic
 * formats agree on what `status`/`action` mean. Add: empty, `add`, `added`, `realized`, `existing`,
 * `active`; remove: `remove`, `removed`, `exited`, `inactive`, `deleted` (case-insensitive).
 */
export function genericMembership(fields: GenericFields): ParsedRecord | LineError {
  const id = fields.id.trim();
  if (id === '') return { reason: 'id: empty' };
  const namespace = fields.namespace.trim();
  if (namespace === '') return { reason: 'namespace: empty' };
  const segment = fields.segment.trim();
  if (segment === '') return { reason: 'segment: empty' };
  const source = fields.source?.trim() ?? '';
  const status = (fields.status ?? '').trim().toLowerCase();
  const base = { kind: 'membership' as const, id: { namespace, value: id }, ...(source ? { source } : {}) };
  if (ADD.has(status)) return { ...base, add: [segment], remove: [] };
  if (REMOVE.has(status)) return { ...base, add: [], remove: [segment] };
  return { reason: 'status: expected add/realized/existing or remove/exited' };
}
