export { checkRuleInputs } from './checkRuleInputs.ts';
export { DynamoRecipientChangeLog } from './DynamoRecipientChangeLog.ts';
export { DynamoRuleStore } from './DynamoRuleStore.ts';
export { evaluateRule, type MemberFacts } from './evaluateRule.ts';
export { MaterializeJobs, materializeJobId } from './MaterializeJobs.ts';
export { notifyCommits } from './notifyCommits.ts';
export type { RecipientChangeLog } from './RecipientChangeLog.ts';
export type { AttributeTerm, ListTerm, Rule, Term } from './Rule.ts';
export type { MaterializeState, RecipientLogPosition, RuleDefinition } from './RuleDefinition.ts';
export {
  type MaterializePlan,
  type MaterializeReceipt,
  type MaterializerPorts,
  RuleListMaterializer,
} from './RuleListMaterializer.ts';
export { RuleLists } from './RuleLists.ts';
export type { RuleStore } from './RuleStore.ts';
export { parseRule } from './ruleSchema.ts';
export { boundOf, inputsOf, usesAttributes } from './ruleTerms.ts';
