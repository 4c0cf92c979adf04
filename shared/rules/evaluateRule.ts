import type { Recipient } from '../recipients/index.ts';
import type { AttributeTerm, RuleScalar, Term } from './Rule.ts';

/** What a rule is evaluated on for one member. */
export interface MemberFacts {
  /** The input lists the member is in. */
  lists: ReadonlySet<string>;
  /** The recipient (absent for an address-only member or an erased recipient: attribute terms fail). */
  recipient?: Pick<Recipient, 'attributes' | 'consent' | 'labels'>;
}

/** Numbers compare as numbers, anything else as a date; incomparable values select nobody. */
function compare(
  found: RuleScalar | undefined,
  wanted: RuleScalar | RuleScalar[] | undefined,
): number | undefined {
  if (typeof found === 'number' && typeof wanted === 'number') return found - wanted;
  if (typeof found !== 'string' || typeof wanted !== 'string') return undefined;
  const a = Date.parse(found);
  const b = Date.parse(wanted);
  return Number.isNaN(a) || Number.isNaN(b) ? undefined : a - b;
}

function holds(term: AttributeTerm, recipient: MemberFacts['recipient']): boolean {
  if (!recipient) return false;
  if (term.attribute === 'labels') {
    const labels = recipient.labels ?? [];
    if (term.op === 'exists') return labels.length > 0;
    if (term.op === 'eq') return typeof term.value === 'string' && labels.includes(term.value);
    if (term.op === 'in')
      return Array.isArray(term.value) && term.value.some((v) => typeof v === 'string' && labels.includes(v));
    return false;
  }
  const [scope, ...rest] = term.attribute.split('.');
  const name = rest.join('.');
  const found: RuleScalar | undefined =
    scope === 'consent' ? recipient.consent?.[name] : recipient.attributes?.[name];
  switch (term.op) {
    case 'exists':
      return found !== undefined && found !== null;
    case 'eq':
      return found !== undefined && found === term.value;
    case 'in':
      return found !== undefined && Array.isArray(term.value) && term.value.includes(found);
    case 'before':
      return (compare(found, term.value) ?? 0) < 0;
    case 'after':
      return (compare(found, term.value) ?? 0) > 0;
  }
}

/**
 * Whether a rule (or term) selects a member: `{list}` when the member is in that list, an
 * attribute term on its recipient, `all`/`any`/`not` as in logic.
 *
 * @example
 * evaluateRule({ all: [{ list: 'aam.4321' }, { not: { list: 'api.buyers' } }] }, { lists: new Set(['aam.4321']) }); // true
 */
export function evaluateRule(term: Term, facts: MemberFacts): boolean {
  if ('list' in term) return facts.lists.has(term.list);
  if ('attribute' in term) return holds(term, facts.recipient);
  if ('not' in term) return !evaluateRule(term.not, facts);
  if ('all' in term) return term.all.every((t) => evaluateRule(t, facts));
  return term.any.some((t) => evaluateRule(t, facts));
}
