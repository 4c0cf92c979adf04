import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditStore, hashedTarget } from '../../../shared/audit/index.ts';
import { ValidationError } from '../../../shared/errors/index.ts';
import { useDynamoTables } from '../../helpers/dynamoTables.ts';

describe('DynamoAuditStore', () => {
  const tables = useDynamoTables();
  let store: DynamoAuditStore;

  beforeAll(async () => {
    store = new DynamoAuditStore(tables.ddb, await tables.create('audit'));
  });

  it('lists one day newest first in pages when records span two days', async () => {
    for (let i = 0; i < 5; i++) {
      await store.record({
        actor: 'alice',
        action: 'POST /v1/lists',
        target: `api.l${i}`,
        outcome: 201,
        at: `2026-01-02T10:00:0${i}.000Z`,
      });
    }
    await store.record({
      actor: 's3',
      action: 'job.end',
      outcome: 'succeeded',
      at: '2026-01-03T00:00:00.000Z',
    });
    const first = await store.list({ date: '2026-01-02', limit: 3 });
    expect(first.entries.map((e) => e.target)).toEqual(['api.l4', 'api.l3', 'api.l2']);
    expect(first.cursor).toEqual(expect.any(String));
    const second = await store.list({ date: '2026-01-02', limit: 3, cursor: first.cursor ?? '' });
    expect(second.entries.map((e) => e.target)).toEqual(['api.l1', 'api.l0']);
    const other = await store.list({ date: '2026-01-03', limit: 10 });
    expect(other.entries).toHaveLength(1);
    expect(other.entries[0]).toMatchObject({ actor: 's3', action: 'job.end', outcome: 'succeeded' });
  });

  it('replaces the record when the same id and time are recorded again', async () => {
    const at = '2026-02-01T08:00:00.000Z';
    const first = await store.record({
      actor: 'bob',
      action: 'DELETE /v1/recipients/{recipientId}',
      outcome: 'pending',
      at,
    });
    await store.record({ ...first, outcome: 204 });
    const { entries } = await store.list({ date: '2026-02-01', limit: 10 });
    expect(entries).toEqual([{ ...first, outcome: 204 }]);
  });

  it('throws a ValidationError naming cursor when the cursor was not made by the store', async () => {
    await expect(store.list({ date: '2026-01-02', limit: 3, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(
      ValidationError,
    );
    await expect(store.list({ date: '2026-01-02', limit: 3, cursor: '%%%' })).rejects.toThrow(/^cursor:/);
  });
});

describe('hashedTarget', () => {
  it('keeps 16 hex characters of the SHA-256 when given a recipient ID', () => {
    expect(hashedTarget('r-1')).toBe('sha256:a5fa777a3dc67268');
  });
});
