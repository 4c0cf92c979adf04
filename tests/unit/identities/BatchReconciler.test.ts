import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdRef } from '../../../shared/identifiers/index.ts';
import { type IdentityHarness, startIdentityHarness } from '../../helpers/identityHarness.ts';

const ecid = (n: number) => String(n).padStart(38, '0');

/** Deterministic shuffle (LCG) so the input order is mixed but the test is repeatable. */
function shuffle<T>(items: T[]): T[] {
  let seed = 42;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('BatchReconciler', () => {
  let h: IdentityHarness;
  beforeAll(async () => {
    h = await startIdentityHarness();
    const { identity } = h;
    await identity.dataSources.put('crm_email', {
      kind: 'declared',
      dpid: 4242,
      reconciliationKey: 'email',
      encoding: 'plain',
      channel: 'email',
      forceReconciliation: false,
      importEnabled: true,
    });
    const users = Array.from({ length: 500 }, (_, i) => ({
      recipientId: `r${i}`,
      email: `user${i}@example.com`,
    }));
    expect((await identity.recipients.putMany(users)).written).toBe(500);
    // 300 ECIDs linked straight to a recipient: found in round 1.
    const direct = Array.from({ length: 300 }, (_, i) => [
      { namespace: 'ecid', value: ecid(i + 1) },
      { namespace: 'recipientId', value: `r${i}` },
    ]);
    expect(await identity.link(direct)).toEqual({
      linked: 300,
      conflicts: 0,
      capped: 0,
      invalid: 0,
      rejectedRows: [],
    });
    // 100 ECIDs linked to a declared ID whose recipient arrives later: found in round 2.
    const viaDeclared = Array.from({ length: 100 }, (_, i) => [
      { namespace: 'ecid', value: ecid(i + 301) },
      { namespace: 'dpid:4242', value: `Late${i}@Example.com` },
    ]);
    expect(await identity.link(viaDeclared)).toEqual({
      linked: 100,
      conflicts: 0,
      capped: 0,
      invalid: 0,
      rejectedRows: [],
    });
    const late = Array.from({ length: 100 }, (_, i) => ({
      recipientId: `late${i}`,
      email: `late${i}@example.com`,
    }));
    expect((await identity.recipients.putMany(late)).written).toBe(100);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('answers 1,000 mixed IDs in input order with at most 2×ceil(1000/100) BatchGet requests', async () => {
    const expected = new Map<string, string | null>();
    const inputs: IdRef[] = [];
    const add = (ref: IdRef, answer: string | null) => {
      inputs.push(ref);
      expected.set(`${ref.namespace}|${ref.value}`, answer);
    };
    for (let i = 0; i < 300; i++) add({ namespace: 'ecid', value: ecid(i + 1) }, `r${i}`);
    for (let i = 0; i < 100; i++) add({ namespace: 'ecid', value: ecid(i + 301) }, `late${i}`);
    for (let i = 300; i < 500; i++) add({ namespace: 'email', value: ` User${i}@example.com` }, `r${i}`);
    for (let i = 0; i < 100; i++) add({ namespace: 'ecid', value: `${i}`.padStart(37, '1') }, null);
    for (let i = 0; i < 100; i++)
      add({ namespace: 'crm', value: i % 2 ? 'null' : `${'0'.repeat(i + 1)}` }, null);
    for (let i = 0; i < 200; i++) add({ namespace: 'ecid', value: ecid(10_001 + i) }, null);
    const mixed = shuffle(inputs);
    expect(mixed).toHaveLength(1000);

    h.requests.clear();
    const results = await h.identity.reconciler.reconcile(mixed);
    const batchGets = h.requests.get('BatchGetItem') ?? 0;

    expect(results.map((r) => `${r.namespace}|${r.value}`)).toEqual(
      mixed.map((r) => `${r.namespace}|${r.value}`),
    );
    for (const r of results) expect(r.recipientId).toBe(expected.get(`${r.namespace}|${r.value}`));
    const reasons: Record<string, number> = { matched: 0, invalid: 0, blocked: 0, unknown: 0 };
    for (const r of results) reasons[r.reason ?? 'matched'] = (reasons[r.reason ?? 'matched'] ?? 0) + 1;
    expect(reasons).toEqual({ matched: 600, invalid: 100, blocked: 100, unknown: 200 });
    expect(batchGets).toBeLessThanOrEqual(2 * Math.ceil(1000 / 100));
    // 10 full requests, plus one for the declared IDs' DPID aliases (`dpid:4242#…`, IDs synced
    // before the source was defined) read with the linked IDs in round 2.
    expect(batchGets).toBe(11);
    expect(h.requests.size).toBe(1);
  });

  it('names the rule in detail when an ECID half is over 2^63−1', async () => {
    const [r] = await h.identity.reconciler.reconcile([
      { namespace: 'ecid', value: '92233720368547758089223372036854775807' },
    ]);
    expect(r).toEqual({
      namespace: 'ecid',
      value: '92233720368547758089223372036854775807',
      recipientId: null,
      reason: 'invalid',
      detail: 'expected each 19-digit half at most 9223372036854775807',
    });
  });

  it('finds the recipient when a declared ID is given by its DPID or its data source name', async () => {
    const results = await h.identity.reconciler.reconcile([
      { namespace: 'dpid:4242', value: 'user7@example.com' },
      { namespace: 'crm_email', value: 'USER8@example.com' },
      { namespace: 'recipientId', value: 'r9' },
    ]);
    expect(results.map((r) => r.recipientId)).toEqual(['r7', 'r8', 'r9']);
  });

  it('makes no request when every ID is invalid or blocked', async () => {
    h.requests.clear();
    const results = await h.identity.reconciler.reconcile([
      { namespace: 'email', value: 'n/a' },
      { namespace: 'idfa', value: '00000000-0000-0000-0000-000000000000' },
      { namespace: 'Not A Namespace', value: 'x' },
    ]);
    expect(results.map((r) => r.reason)).toEqual(['blocked', 'blocked', 'invalid']);
    expect(h.requests.size).toBe(0);
  });
});
