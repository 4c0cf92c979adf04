import type { AttributeTerm, ListTerm, Rule, Term } from './Rule.ts';

const isListTerm = (term: Term): term is ListTerm => 'list' in term;
const isAttributeTerm = (term: Term): term is AttributeTerm => 'attribute' in term;

/** Every `{list}` term with its path (`rule.all.0`), in document order. */
export function listTermsOf(rule: Rule, path = 'rule'): Array<{ listId: string; path: string }> {
  const found: Array<{ listId: string; path: string }> = [];
  const walk = (term: Term, at: string): void => {
    if (isListTerm(term)) found.push({ listId: term.list, path: `${at}.list` });
    else if (isAttributeTerm(term)) return;
    else if ('not' in term) walk(term.not, `${at}.not`);
    else {
      const [kind, terms] = 'all' in term ? ['all', term.all] : ['any', term.any];
      for (const [i, t] of terms.entries()) walk(t, `${at}.${kind}.${i}`);
    }
  };
  walk(rule, path);
  return found;
}

/** The distinct lists a rule reads. */
export function inputsOf(rule: Rule): string[] {
  return [...new Set(listTermsOf(rule).map((term) => term.listId))];
}

/** Whether a rule reads recipient attributes, consent or labels (then recipient changes re-evaluate it). */
export function usesAttributes(rule: Rule): boolean {
  const walk = (term: Term): boolean => {
    if (isAttributeTerm(term)) return true;
    if (isListTerm(term)) return false;
    if ('not' in term) return walk(term.not);
    return ('all' in term ? term.all : term.any).some(walk);
  };
  return walk(rule);
}

/**
 * Lists whose members include every member the rule selects: `{list}` bounds by itself, `all`
 * by its tightest bounded term (fewest lists), `any` by the union of its terms' bounds.
 * `undefined` when some selected recipient may be in no list (an attribute or `not` alone):
 * such a rule would read every recipient, and is refused.
 */
export function boundOf(term: Term): string[] | undefined {
  if (isListTerm(term)) return [term.list];
  if (isAttributeTerm(term) || 'not' in term) return undefined;
  if ('all' in term) {
    const bounds = term.all.map(boundOf).filter((b): b is string[] => b !== undefined);
    return bounds.sort((a, b) => a.length - b.length)[0];
  }
  const bounds = term.any.map(boundOf);
  if (bounds.some((b) => b === undefined)) return undefined;
  return [...new Set(bounds.flatMap((b) => b ?? []))];
}
