import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors/index.ts';
import {
  changeMembers,
  type ListStore,
  type MemberOp,
  type StoredList,
} from '../../../shared/lists/index.ts';

/** A list store holding one list, recording what the write session did (only the calls changeMembers makes). */
function oneList(source: string, failApply = false) {
  const calls: string[] = [];
  const applied: MemberOp[] = [];
  let version = 3;
  const stored = (): StoredList =>
    ({
      listId: 'api.one',
      name: 'one',
      source,
      version,
      lastPending: version,
      abandoned: [],
      memberCount: 0,
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
    }) as unknown as StoredList;
  const store = {
    getStored: async (listId: string) => (listId === 'api.one' ? stored() : undefined),
    openWrite: async (_listId: string, holder: string) => {
      calls.push(`open ${holder.split(':')[0]}`);
      return {
        apply: async (ops: readonly MemberOp[]) => {
          if (failApply) throw new Error('throttled');
          applied.push(...ops);
        },
        abort: async () => void calls.push('abort'),
        commit: async () => {
          calls.push('commit');
          version = 4;
          return { added: 2, removed: 1 };
        },
      };
    },
  } as unknown as ListStore;
  return { store, calls, applied };
}

const recipients = {
  getMany: async (ids: readonly string[]) =>
    new Map(ids.filter((id) => id.startsWith('r-')).map((id) => [id, {}])),
};

describe('changeMembers', () => {
  it('applies adds then removes in one write session and returns the committed list', async () => {
    const { store, calls, applied } = oneList('api');
    const out = await changeMembers(store, recipients, 'api.one', { add: ['r-1', 'r-2'], remove: ['r-3'] });
    expect(calls).toEqual(['open api', 'commit']);
    expect(applied).toEqual([
      { op: 'add', member: { recipientId: 'r-1' } },
      { op: 'add', member: { recipientId: 'r-2' } },
      { op: 'remove', member: { recipientId: 'r-3' } },
    ]);
    expect({ added: out.added, removed: out.removed, version: out.list.version }).toEqual({
      added: 2,
      removed: 1,
      version: 4,
    });
  });

  it('refuses a rule list, whose rule owns its members, without opening a write', async () => {
    const { store, calls } = oneList('rule');
    const change = changeMembers(store, recipients, 'api.one', { add: ['r-1'], remove: [] });
    await expect(change).rejects.toBeInstanceOf(ConflictError);
    await expect(change).rejects.toThrow('listId: api.one is a rule list; change its rule instead');
    expect(calls).toEqual([]);
  });

  it('names the field of a bad change: an unknown list, an ID on both sides, an ID that is no recipient', async () => {
    const { store, calls } = oneList('api');
    await expect(changeMembers(store, recipients, 'api.two', { add: [], remove: [] })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      changeMembers(store, recipients, 'api.one', { add: ['r-1'], remove: ['r-1'] }),
    ).rejects.toThrow(new ValidationError('remove: an ID is also in add', { field: 'remove' }));
    await expect(
      changeMembers(store, recipients, 'api.one', { add: ['r-1', 'x-9'], remove: [] }),
    ).rejects.toThrow('add.1: no recipient with this ID');
    expect(calls).toEqual([]);
  });

  it('gives the write up when applying fails, and rethrows the cause', async () => {
    const { store, calls } = oneList('api', true);
    await expect(changeMembers(store, recipients, 'api.one', { add: ['r-1'], remove: [] })).rejects.toThrow(
      'throttled',
    );
    expect(calls).toEqual(['open api', 'abort']);
  });
});
