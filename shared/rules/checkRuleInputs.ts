import { ValidationError } from '../errors/index.ts';
import type { Rule } from './Rule.ts';
import type { RuleStore } from './RuleStore.ts';
import { boundOf, listTermsOf } from './ruleTerms.ts';

export interface RuleInputPorts {
  lists: { get(listId: string): Promise<unknown> };
  rules: Pick<RuleStore, 'get'>;
}

/** The chain of rule lists from `from` that reads `target`, or undefined (depth-first, each list once). */
async function chainTo(
  rules: RuleInputPorts['rules'],
  from: string,
  target: string,
  seen = new Set<string>(),
): Promise<string[] | undefined> {
  if (from === target) return [from];
  if (seen.has(from)) return undefined;
  seen.add(from);
  const definition = await rules.get(from);
  for (const input of definition?.inputs ?? []) {
    const rest = await chainTo(rules, input, target, seen);
    if (rest) return [from, ...rest];
  }
  return undefined;
}

/**
 * Checks what a rule for `listId` names against stored state: every list exists, none leads
 * back to `listId` (directly or through other rule lists), and some list bounds the members (a
 * rule over every recipient is refused). A ValidationError names the term (`rule.all.2.list: …`).
 *
 * @example
 * await checkRuleInputs(rule, 'rule.engaged', { lists, rules }); // 400 `rule.all.1.list: no list api.x`
 */
export async function checkRuleInputs(rule: Rule, listId: string, ports: RuleInputPorts): Promise<void> {
  for (const term of listTermsOf(rule)) {
    const invalid = (message: string) =>
      new ValidationError(`${term.path}: ${message}`, { field: term.path });
    if (term.listId !== listId && !(await ports.lists.get(term.listId)))
      throw invalid(`no list ${term.listId}`);
    const chain = await chainTo(ports.rules, term.listId, listId);
    if (chain) throw invalid(`cycle: ${[listId, ...chain].join(' → ')}`);
  }
  if (!boundOf(rule)) {
    throw new ValidationError(
      'rule: expected every alternative to require membership of a list (a rule over all recipients is not supported)',
      { field: 'rule' },
    );
  }
}
