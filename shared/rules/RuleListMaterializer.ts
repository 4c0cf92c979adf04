import { NotFoundError } from '../errors/index.ts';
import type { ListChangeLog, ListStore, MemberLookup, MemberOp } from '../lists/index.ts';
import { memberKey, memberOfKey } from '../lists/index.ts';
import type { Recipient } from '../recipients/index.ts';
import { evaluateRule } from './evaluateRule.ts';
import type { RecipientChangeLog } from './RecipientChangeLog.ts';
import type { MaterializeState, RecipientLogPosition, RuleDefinition } from './RuleDefinition.ts';
import type { RuleStore } from './RuleStore.ts';
import { boundOf } from './ruleTerms.ts';

/** Members evaluated (and applied to the rule list) per step: bounds memory and request size. */
const BATCH = 1_000;

/** The narrow ports a materialisation reads and writes through. */
export interface MaterializerPorts {
  rules: RuleStore;
  lists: Pick<ListStore, 'getStored' | 'openWrite' | 'scanShard' | 'shardCount'>;
  changes: ListChangeLog;
  lookup: MemberLookup;
  recipients: { getMany(recipientIds: readonly string[]): Promise<Map<string, Recipient>> };
  recipientLog: RecipientChangeLog;
}

/** What a run will do: nothing, re-evaluate some members, or everything. */
export type MaterializePlan =
  | { mode: 'unchanged'; definition: RuleDefinition }
  | {
      mode: 'incremental' | 'full';
      definition: RuleDefinition;
      /** Input versions read: the state saved after the commit. */
      state: MaterializeState;
      /** The members to re-evaluate (incremental only). */
      changed?: Set<string>;
    };

/** The receipt of a materialisation (`materialize:<listId>` job). */
export interface MaterializeReceipt {
  mode: 'incremental' | 'full';
  /** Members evaluated. */
  evaluated: number;
  added: number;
  removed: number;
  /** Members after the commit. */
  size: number;
}

/** Which of some keys each input list holds. */
type Membership = (listId: string, keys: readonly string[]) => Promise<ReadonlySet<string>>;

/**
 * Keeps a rule list equal to what its rule selects. `plan` reads the inputs' committed versions
 * and the change logs since the last run: `unchanged` when nothing moved, `incremental` with the
 * changed members when every log covers the gap, `full` otherwise (first run, redefinition, a
 * log gap). `apply` evaluates the candidates in batches and writes them through one versioned
 * list write, so readers see the old members or the new ones, never a mix.
 *
 * @example
 * const plan = await materializer.plan('rule.engaged');
 * if (plan.mode !== 'unchanged') receipt = await materializer.apply(plan, 'materialize:rule.engaged:1');
 */
export class RuleListMaterializer {
  constructor(private readonly ports: MaterializerPorts) {}

  async plan(listId: string): Promise<MaterializePlan> {
    const definition = await this.ports.rules.get(listId);
    if (!definition) throw new NotFoundError(`listId: ${listId} is not a rule list`, { field: 'listId' });
    const versions = await this.readVersions(definition.inputs);
    const previous = definition.state;
    const full = async (): Promise<MaterializePlan> => ({
      mode: 'full',
      definition,
      state: {
        versions,
        ...(definition.attributes ? { recipients: await this.ports.recipientLog.positionNow() } : {}),
      },
    });
    if (!previous || (definition.attributes && !previous.recipients)) return full();
    const changed = new Set<string>();
    for (const input of definition.inputs) {
      const since = previous.versions[input];
      const now = versions[input] ?? 0;
      if (since === undefined || since > now) return full();
      const keys = await this.ports.changes.changedSince(input, since, now);
      if (!keys) return full();
      for (const key of keys) changed.add(key);
    }
    let recipients: RecipientLogPosition | undefined;
    let fresh = 0;
    if (definition.attributes) {
      const read = await this.ports.recipientLog.changedSince(previous.recipients);
      for (const id of read.recipientIds) changed.add(id);
      recipients = read.position;
      fresh = read.fresh;
    }
    const moved = definition.inputs.some((input) => previous.versions[input] !== versions[input]);
    if (!moved && fresh === 0) return { mode: 'unchanged', definition };
    return {
      mode: 'incremental',
      definition,
      state: { versions, ...(recipients ? { recipients } : {}) },
      changed,
    };
  }

  async apply(
    plan: Exclude<MaterializePlan, { mode: 'unchanged' }>,
    holder: string,
  ): Promise<MaterializeReceipt> {
    const { definition } = plan;
    const { listId } = definition;
    const [candidates, membership] =
      plan.mode === 'full'
        ? await this.fullPassInputs(definition, plan.state.versions)
        : [plan.changed ?? new Set<string>(), this.lookupMembership(plan.state.versions)];
    const write = await this.ports.lists.openWrite(listId, holder);
    let counts: { added: number; removed: number };
    try {
      let batch: string[] = [];
      for (const key of candidates) {
        batch.push(key);
        if (batch.length < BATCH) continue;
        await write.apply(await this.evaluate(definition, batch, membership));
        batch = [];
      }
      if (batch.length > 0) await write.apply(await this.evaluate(definition, batch, membership));
      counts = await write.commit();
    } catch (error) {
      await write.abort();
      throw error;
    }
    await this.ports.rules.saveState(listId, definition.revision, plan.state);
    const size = (await this.ports.lists.getStored(listId))?.size ?? 0;
    return { mode: plan.mode, evaluated: candidates.size, ...counts, size };
  }

  /** Committed version of each input (a missing list reads as empty at version 0). */
  private async readVersions(inputs: readonly string[]): Promise<Record<string, number>> {
    const versions: Record<string, number> = {};
    for (const input of inputs) versions[input] = (await this.ports.lists.getStored(input))?.version ?? 0;
    return versions;
  }

  /** Point reads of the changed members in each input, at the versions the plan read. */
  private lookupMembership(versions: Record<string, number>): Membership {
    return (listId, keys) => this.ports.lookup.membersAmong(listId, versions[listId] ?? 0, keys);
  }

  /**
   * A full pass reads every input whole (a Query page holds hundreds of members, far cheaper than
   * a point read each) and evaluates the members of the lists bounding the rule plus the rule
   * list's own members (those that must go).
   */
  private async fullPassInputs(
    definition: RuleDefinition,
    versions: Record<string, number>,
  ): Promise<[Set<string>, Membership]> {
    const members = new Map<string, Set<string>>();
    for (const input of definition.inputs) {
      members.set(input, (versions[input] ?? 0) > 0 ? await this.allKeys(input) : new Set());
    }
    const candidates = new Set<string>();
    for (const input of boundOf(definition.rule) ?? definition.inputs) {
      for (const key of members.get(input) ?? []) candidates.add(key);
    }
    for (const key of await this.allKeys(definition.listId)) candidates.add(key);
    const membership: Membership = async (listId, keys) => {
      const held = members.get(listId);
      return new Set(keys.filter((key) => held?.has(key)));
    };
    return [candidates, membership];
  }

  private async allKeys(listId: string): Promise<Set<string>> {
    const keys = new Set<string>();
    for (let shard = 0; shard < this.ports.lists.shardCount; shard++) {
      for await (const batch of this.ports.lists.scanShard(listId, shard)) {
        for (const member of batch) keys.add(memberKey(member));
      }
    }
    return keys;
  }

  /** The add or remove op of each key: add when the rule selects it (the list write skips no-ops). */
  private async evaluate(
    definition: RuleDefinition,
    keys: string[],
    membership: Membership,
  ): Promise<MemberOp[]> {
    const held = await Promise.all(
      definition.inputs.map(async (input) => [input, await membership(input, keys)] as const),
    );
    const recipientIds = keys.filter((key) => !key.startsWith('@'));
    const recipients = definition.attributes
      ? await this.ports.recipients.getMany(recipientIds)
      : new Map<string, Recipient>();
    return keys.map((key) => {
      const lists = new Set(held.filter(([, set]) => set.has(key)).map(([input]) => input));
      const recipient = recipients.get(key);
      const selected = evaluateRule(definition.rule, { lists, ...(recipient ? { recipient } : {}) });
      return { op: selected ? 'add' : 'remove', member: memberOfKey(key) };
    });
  }
}
