import { describe, expect, it } from 'vitest';
import type { ListWrite, MemberOp, StoredList } from '../../../shared/lists/index.ts';
import { memberKey } from '../../../shared/lists/index.ts';
import type { Recipient } from '../../../shared/recipients/index.ts';
import {
  type MaterializerPorts,
  type MaterializeState,
  parseRule,
  type RecipientLogPosition,
  type RuleDefinition,
  RuleListMaterializer,
} from '../../../shared/rules/index.ts';

/** Lists in memory: committed members per list, a version bumped by each commit, and its change log. */
class MemoryLists {
  readonly shardCount = 1;
  readonly members = new Map<string, Set<string>>();
  readonly versions = new Map<string, number>();
  readonly log = new Map<string, Map<number, Set<string>>>();
  readonly lookups: string[][] = [];

  commit(listId: string, add: string[], remove: string[] = [], options: { logged?: boolean } = {}) {
    const members = this.members.get(listId) ?? new Set<string>();
    const changed = new Set<string>();
    for (const key of add) if (!members.has(key)) changed.add(key);
    for (const key of remove) if (members.has(key)) changed.add(key);
    for (const key of add) members.add(key);
    for (const key of remove) members.delete(key);
    this.members.set(listId, members);
    const version = (this.versions.get(listId) ?? 0) + 1;
    this.versions.set(listId, version);
    if (options.logged ?? true) {
      const log = this.log.get(listId) ?? new Map<number, Set<string>>();
      log.set(version, changed);
      this.log.set(listId, log);
    }
    return { added: add.length, removed: remove.length };
  }

  ports(): Pick<MaterializerPorts, 'lists' | 'changes' | 'lookup'> {
    const self = this;
    const stored = (listId: string): StoredList | undefined =>
      this.members.has(listId)
        ? {
            listId,
            name: listId,
            source: 'test',
            size: this.members.get(listId)?.size ?? 0,
            updatedAt: '',
            version: this.versions.get(listId) ?? 0,
            lastPending: this.versions.get(listId) ?? 0,
            abandoned: new Set(),
          }
        : undefined;
    return {
      lists: {
        shardCount: 1,
        getStored: async (listId) => stored(listId),
        async *scanShard(listId) {
          yield [...(self.members.get(listId) ?? [])].map((recipientId) => ({ recipientId }));
        },
        openWrite: async (listId) => {
          const ops: MemberOp[] = [];
          const write: Partial<ListWrite> = {
            apply: async (batch) => {
              ops.push(...batch);
            },
            commit: async () => {
              const current = self.members.get(listId) ?? new Set<string>();
              const add = ops.filter((o) => o.op === 'add' && !current.has(memberKey(o.member)));
              const remove = ops.filter((o) => o.op === 'remove' && current.has(memberKey(o.member)));
              return self.commit(
                listId,
                add.map((o) => memberKey(o.member)),
                remove.map((o) => memberKey(o.member)),
              );
            },
            abort: async () => {},
          };
          return write as ListWrite;
        },
      },
      changes: {
        record: async () => {},
        seal: async () => {},
        changedSince: async (listId, after, upTo) => {
          const keys = new Set<string>();
          for (let v = after + 1; v <= upTo; v++) {
            const entry = self.log.get(listId)?.get(v);
            if (!entry) return undefined;
            for (const key of entry) keys.add(key);
          }
          return keys;
        },
      },
      lookup: {
        membersAmong: async (listId, _version, keys) => {
          self.lookups.push([listId, ...keys]);
          return new Set(keys.filter((key) => self.members.get(listId)?.has(key)));
        },
      },
    };
  }
}

function harness() {
  const lists = new MemoryLists();
  const definitions = new Map<string, RuleDefinition>();
  const recipients = new Map<string, Recipient>();
  const changedRecipients: string[][] = [];
  const materializer = new RuleListMaterializer({
    ...lists.ports(),
    rules: {
      get: async (listId) => definitions.get(listId),
      list: async () => [...definitions.values()],
      define: async () => {
        throw new Error('not used');
      },
      saveState: async (listId, revision, state: MaterializeState) => {
        const definition = definitions.get(listId);
        if (definition?.revision !== revision) return false;
        definitions.set(listId, { ...definition, state });
        return true;
      },
    },
    recipients: {
      getMany: async (ids) =>
        new Map(ids.flatMap((id) => (recipients.has(id) ? [[id, recipients.get(id) as Recipient]] : []))),
    },
    recipientLog: {
      record: async () => {},
      positionNow: async () => ({ cursor: String(changedRecipients.length), seen: [] }),
      changedSince: async (position: RecipientLogPosition | undefined) => {
        const from = Number(position?.cursor ?? 0);
        const fresh = changedRecipients.slice(from);
        return {
          recipientIds: new Set(fresh.flat()),
          fresh: fresh.length,
          position: { cursor: String(changedRecipients.length), seen: [] },
        };
      },
    },
  });
  const consent = (id: string, email: boolean) => {
    recipients.set(id, { recipientId: id, consent: { email }, ids: {}, updatedAt: '' });
  };
  const rule = parseRule({
    all: [
      { list: 'seg' },
      { attribute: 'consent.email', op: 'eq', value: true },
      { not: { list: 'buyers' } },
    ],
  });
  definitions.set('rule.t', {
    listId: 'rule.t',
    rule,
    inputs: ['seg', 'buyers'],
    attributes: true,
    revision: 1,
  });
  lists.members.set('rule.t', new Set());
  async function run() {
    const plan = await materializer.plan('rule.t');
    return plan.mode === 'unchanged' ? plan.mode : materializer.apply(plan, 'test');
  }
  return { lists, definitions, consent, changedRecipients, run };
}

describe('RuleListMaterializer', () => {
  it('selects exactly on a full pass, then re-evaluates only the changed members of each input', async () => {
    const h = harness();
    for (const id of ['r1', 'r2', 'r3', 'r4', 'r5']) h.consent(id, id !== 'r4');
    h.lists.commit('seg', ['r1', 'r2', 'r3', 'r4', 'r5']);
    h.lists.commit('buyers', ['r5']);
    expect(await h.run()).toEqual({ mode: 'full', evaluated: 5, added: 3, removed: 0, size: 3 });
    expect([...(h.lists.members.get('rule.t') ?? [])].sort()).toEqual(['r1', 'r2', 'r3']);
    expect(h.lists.lookups).toEqual([]);

    expect(await h.run()).toBe('unchanged');

    h.lists.commit('seg', ['r6'], ['r1']);
    h.consent('r6', true);
    expect(await h.run()).toEqual({ mode: 'incremental', evaluated: 2, added: 1, removed: 1, size: 3 });
    // One point read of the changed members per input list, nothing else.
    expect(h.lists.lookups.map((call) => call.sort())).toEqual([
      ['r1', 'r6', 'seg'],
      ['buyers', 'r1', 'r6'],
    ]);

    h.consent('r2', false);
    h.changedRecipients.push(['r2']);
    expect(await h.run()).toEqual({ mode: 'incremental', evaluated: 1, added: 0, removed: 1, size: 2 });
    h.lists.commit('buyers', ['r3']);
    expect(await h.run()).toEqual({ mode: 'incremental', evaluated: 1, added: 0, removed: 1, size: 1 });
    expect([...(h.lists.members.get('rule.t') ?? [])]).toEqual(['r6']);
  });

  it('falls back to a full pass when an input version has no log, or when the rule was redefined', async () => {
    const h = harness();
    h.consent('r1', true);
    h.consent('r2', true);
    h.lists.commit('seg', ['r1']);
    h.lists.commit('buyers', []);
    await h.run();
    h.lists.commit('seg', ['r2'], [], { logged: false });
    expect(await h.run()).toEqual({ mode: 'full', evaluated: 2, added: 1, removed: 0, size: 2 });
    const definition = h.definitions.get('rule.t') as RuleDefinition;
    h.definitions.set('rule.t', { ...definition, revision: 2, state: undefined });
    expect(await h.run()).toEqual({ mode: 'full', evaluated: 2, added: 0, removed: 0, size: 2 });
  });
});
