import * as z from 'zod';
import { fromZodError, ValidationError } from '../errors/index.ts';
import { MAX_RULE_DEPTH, MAX_RULE_TERMS, type Rule, type Term } from './Rule.ts';

/** A list ID a term may name: what the lists API accepts in a path. */
const listIdSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^#/\s\p{Cc}]+$/u, 'expected printable characters other than #, / and spaces');

const scalar = z.union([z.string().max(1024), z.number(), z.boolean(), z.null()], {
  error: 'expected a string, number, boolean or null',
});
const dateOrNumber = z.union([z.iso.datetime({ offset: true }), z.iso.date(), z.number()], {
  error: 'expected an ISO 8601 date or date-time, or a number',
});
const attribute = z
  .string()
  .regex(
    /^(attributes\.[^\s.][^\s]{0,127}|consent\.[^\s.][^\s]{0,63}|labels)$/,
    'expected attributes.<name>, consent.<purpose> or labels',
  );

const listTermSchema = z.strictObject({ list: listIdSchema });
const attributeTermSchema = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ attribute, op: z.literal('eq'), value: scalar }),
    z.strictObject({ attribute, op: z.literal('in'), value: z.array(scalar).min(1).max(1000) }),
    z.strictObject({ attribute, op: z.literal('exists') }),
    z.strictObject({ attribute, op: z.enum(['before', 'after']), value: dateOrNumber }),
  ],
  { error: 'expected op eq, in, exists, before or after' },
);

const invalid = (path: string, message: string) =>
  new ValidationError(`${path}: ${message}`, { field: path });

/** Parses one term at `path` (`rule.all.2`), or throws a ValidationError naming it. */
function parseTerm(raw: unknown, path: string, depth: number): Term {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalid(path, 'expected a rule, {list} or {attribute, op, value?}');
  }
  if ('all' in raw || 'any' in raw || 'not' in raw) return parseNode(raw, path, depth + 1);
  const parsed = 'list' in raw ? listTermSchema.safeParse(raw) : attributeTermSchema.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error, path);
  return parsed.data;
}

function parseNode(raw: object, path: string, depth: number): Rule {
  if (depth > MAX_RULE_DEPTH) throw invalid(path, `expected rules nested at most ${MAX_RULE_DEPTH} deep`);
  const entries = Object.entries(raw);
  const [entry] = entries;
  if (entries.length !== 1 || !entry) throw invalid(path, 'expected exactly one of all, any or not');
  const [kind, value] = entry;
  if (kind === 'not') return { not: parseTerm(value, `${path}.not`, depth) };
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_RULE_TERMS) {
    throw invalid(`${path}.${kind}`, `expected an array of 1 to ${MAX_RULE_TERMS} terms`);
  }
  const terms = value.map((term: unknown, index) => parseTerm(term, `${path}.${kind}.${index}`, depth));
  return kind === 'all' ? { all: terms } : { any: terms };
}

/**
 * Parses a rule definition (the `rule` of `POST /v1/lists` and `PUT /v1/lists/{listId}/rule`):
 * its shape, operators, values and depth. A ValidationError names the term (`rule.all.1.op:
 * expected op eq, in, …`). The lists it names are checked by `checkRuleInputs`.
 *
 * @example
 * parseRule({ all: [{ list: 'aam.4321' }, { attribute: 'consent.email', op: 'eq', value: true }] });
 */
export function parseRule(raw: unknown, path = 'rule'): Rule {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalid(path, 'expected {all: […]}, {any: […]} or {not: term}');
  }
  return parseNode(raw, path, 1);
}
