import { ConflictError, NotFoundError } from '../errors/index.ts';
import { type ListMeta, type ListStore, RULE_SOURCE } from '../lists/index.ts';
import { logger } from '../logging/index.ts';
import { checkRuleInputs } from './checkRuleInputs.ts';
import type { MaterializeJobs } from './MaterializeJobs.ts';
import type { RecipientChangeLog } from './RecipientChangeLog.ts';
import type { Rule } from './Rule.ts';
import type { RuleDefinition } from './RuleDefinition.ts';
import type { RuleStore } from './RuleStore.ts';
import { inputsOf, usesAttributes } from './ruleTerms.ts';

export interface RuleListsPorts {
  lists: Pick<ListStore, 'get' | 'create'>;
  rules: RuleStore;
  recipientLog: Pick<RecipientChangeLog, 'record'>;
  jobs: Pick<MaterializeJobs, 'request'>;
}

/**
 * Rule lists as the API and the triggers see them: define or redefine one (checked, then
 * materialised by its job), and the triggers that queue materialisations — a list commit queues
 * the rules reading that list, a recipient change those reading attributes, the schedule all.
 *
 * @example
 * const { list, jobId } = await ruleLists.define({ listId: 'rule.engaged', name: 'Engaged', rule }, 'user-1');
 */
export class RuleLists {
  constructor(private readonly ports: RuleListsPorts) {}

  async define(
    input: { listId: string; name: string; rule: Rule },
    startedBy: string,
  ): Promise<{ list: ListMeta; definition: RuleDefinition; jobId: string }> {
    const { lists, rules } = this.ports;
    await checkRuleInputs(input.rule, input.listId, { lists, rules });
    const list = await lists.create({ listId: input.listId, name: input.name, source: RULE_SOURCE });
    const definition = await rules.define(this.definitionOf(input.listId, input.rule));
    const jobId = await this.ports.jobs.request(input.listId, startedBy);
    return { list, definition, jobId };
  }

  async redefine(
    listId: string,
    rule: Rule,
    startedBy: string,
  ): Promise<{ list: ListMeta; definition: RuleDefinition; jobId: string }> {
    const { lists, rules } = this.ports;
    const list = await lists.get(listId);
    if (!list) throw new NotFoundError(`listId: no list ${listId}`, { field: 'listId' });
    if (list.source !== RULE_SOURCE) {
      throw new ConflictError(`listId: ${listId} is a ${list.source} list, not a rule list`, {
        field: 'listId',
      });
    }
    await checkRuleInputs(rule, listId, { lists, rules });
    const definition = await rules.define(this.definitionOf(listId, rule));
    const jobId = await this.ports.jobs.request(listId, startedBy);
    return { list, definition, jobId };
  }

  get(listId: string): Promise<RuleDefinition | undefined> {
    return this.ports.rules.get(listId);
  }

  private definitionOf(listId: string, rule: Rule) {
    return { listId, rule, inputs: inputsOf(rule), attributes: usesAttributes(rule) };
  }

  /** A list committed a change: queue the rule lists reading it. Never throws (the commit stands; the schedule catches up). */
  async listCommitted(listId: string): Promise<void> {
    await this.queueWhere((rule) => rule.inputs.includes(listId), `commit:${listId}`);
  }

  /** Recipients' attributes, consent or labels changed: log them and queue the rule lists reading attributes. */
  async recipientsChanged(recipientIds: readonly string[]): Promise<void> {
    if (recipientIds.length === 0) return;
    await this.ports.recipientLog.record(recipientIds);
    await this.queueWhere((rule) => rule.attributes, 'recipients');
  }

  /** The schedule: every rule list (a run with nothing new to read is a few reads). */
  async queueAll(): Promise<string[]> {
    const queued: string[] = [];
    for (const rule of await this.ports.rules.list()) {
      queued.push(await this.ports.jobs.request(rule.listId, 'schedule', { always: true }));
    }
    return queued;
  }

  private async queueWhere(test: (rule: RuleDefinition) => boolean, startedBy: string): Promise<void> {
    try {
      for (const rule of await this.ports.rules.list()) {
        if (test(rule)) await this.ports.jobs.request(rule.listId, startedBy);
      }
    } catch (error) {
      logger.error('rule lists not queued; the schedule will', { error });
    }
  }
}
