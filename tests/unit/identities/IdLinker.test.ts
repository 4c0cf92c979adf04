import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../shared/errors/index.ts';
import { type IdentityHarness, startIdentityHarness } from '../../helpers/identityHarness.ts';

const ecid = (n: number) => String(n).padStart(38, '0');
const E1 = ecid(11);
const IDFA = '6d92078a-8246-4ba4-ae5b-76104861e7dc';

describe('IdLinker', () => {
  let h: IdentityHarness;
  beforeAll(async () => {
    h = await startIdentityHarness();
    await h.identity.recipients.putMany([
      { recipientId: 'alice', email: 'alice@example.com' },
      { recipientId: 'bob', email: 'bob@example.com' },
      { recipientId: 'carol', phone: '+33 6 12 34 56 78' },
    ]);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('gives the recipient to every ID of a three-namespace link when one of them later reaches it', async () => {
    const row = [
      { namespace: 'ecid', value: E1 },
      { namespace: 'idfa', value: IDFA },
      { namespace: 'crm', value: ' CUST-1 ' },
    ];
    expect(await h.identity.link([row])).toEqual({
      linked: 1,
      conflicts: 0,
      capped: 0,
      invalid: 0,
      rejectedRows: [],
    });
    // Known (linked with each other), but no recipient yet: `noRecipient`, not `unknown`.
    expect((await h.identity.reconciler.reconcile(row)).map((r) => r.reason)).toEqual([
      'noRecipient',
      'noRecipient',
      'noRecipient',
    ]);
    await h.identity.linkIds([{ namespace: 'crm', value: 'CUST-1' }], 'alice');
    const results = await h.identity.reconciler.reconcile(row);
    expect(results.map((r) => r.recipientId)).toEqual(['alice', 'alice', 'alice']);
    const view = await h.identity.lookup({ namespace: 'ecid', value: E1 });
    expect(view).toEqual({
      namespace: 'ecid',
      value: E1,
      recipientId: 'alice',
      linked: [
        { namespace: 'idfa', value: IDFA.toUpperCase() },
        { namespace: 'crm', value: 'CUST-1' },
      ],
    });
    expect((await h.identity.recipients.get('alice'))?.ids).toEqual({
      email: ['alice@example.com'],
      email_sha256: ['ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976'],
      crm: ['CUST-1'],
      ecid: [E1],
      idfa: [IDFA.toUpperCase()],
    });
  });

  it('refuses and counts a row that would join two different recipients', async () => {
    const x = { namespace: 'ecid', value: ecid(21) };
    await h.identity.linkIds([x, { namespace: 'email', value: 'alice@example.com' }]);
    const outcome = await h.identity.link([
      [x, { namespace: 'email', value: 'bob@example.com' }],
      [
        { namespace: 'gaid', value: '38400000-8cf0-11bd-b23e-10b96e40000d' },
        { namespace: 'email', value: 'bob@example.com' },
      ],
    ]);
    expect(outcome).toEqual({ linked: 1, conflicts: 1, capped: 0, invalid: 0, rejectedRows: [] });
    await expect(
      h.identity.linkIds([x, { namespace: 'phone', value: '+33612345678' }]),
    ).rejects.toBeInstanceOf(ConflictError);
    const [r] = await h.identity.reconciler.reconcile([x]);
    expect(r?.recipientId).toBe('alice');
    expect((await h.identity.recipients.get('bob'))?.ids.ecid).toBeUndefined();
  });

  it('refuses a link whose ID reaches another recipient through an ID linked to it', async () => {
    const y = { namespace: 'ecid', value: ecid(41) };
    const partner = { namespace: 'dpid:31337', value: 'p-41' };
    await h.identity.link([[y, partner]]);
    await h.identity.linkIds([partner], 'bob');
    expect((await h.identity.reconciler.reconcile([y]))[0]?.recipientId).toBe('bob');
    const outcome = await h.identity.link([[y, { namespace: 'email', value: 'alice@example.com' }]]);
    expect(outcome).toEqual({ linked: 0, conflicts: 1, capped: 0, invalid: 0, rejectedRows: [] });
    expect((await h.identity.reconciler.reconcile([y]))[0]?.recipientId).toBe('bob');
  });

  it('counts invalid and blocked IDs and still links the rest of the row', async () => {
    const outcome = await h.identity.link([
      [
        { namespace: 'ecid', value: ecid(31) },
        { namespace: 'ecid', value: 'unknown' },
        { namespace: 'ecid', value: '123' },
        { namespace: 'dpid:0', value: ecid(32) },
      ],
      [{ namespace: 'ecid', value: ecid(33) }],
    ]);
    expect(outcome).toEqual({
      linked: 1,
      conflicts: 0,
      capped: 0,
      invalid: 2,
      rejectedRows: [{ row: 0, reason: 'column 2: placeholder value' }],
    });
    const view = await h.identity.lookup({ namespace: 'aam_uuid', value: ecid(32) });
    expect(view.linked).toEqual([{ namespace: 'ecid', value: ecid(31) }]);
  });

  it('refuses with 409 when a recipient would hold more than 20 IDs of one namespace', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => ({
      namespace: 'gaid',
      value: `00000000-0000-0000-0000-${String(i + 1).padStart(12, '0')}`,
    }));
    const result = await h.identity.linkIds(twenty, 'carol');
    expect(result.recipientId).toBe('carol');
    expect(result.ids).toHaveLength(20);
    await expect(
      h.identity.linkIds([{ namespace: 'gaid', value: '00000000-0000-0000-0000-000000000099' }], 'carol'),
    ).rejects.toThrow('ids: over the limits of 20 IDs per namespace per recipient or 50 links per ID');
    expect((await h.identity.recipients.get('carol'))?.ids.gaid).toHaveLength(20);
  });

  it('answers 404 when linking to a recipient that does not exist', async () => {
    await expect(h.identity.linkIds([{ namespace: 'crm', value: 'Z' }], 'nobody')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('answers 404 when looking up an ID never seen', async () => {
    await expect(h.identity.lookup({ namespace: 'ecid', value: ecid(999) })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('maps DPIDs to namespaces for ID-sync columns and segment files', async () => {
    await h.identity.dataSources.put('loyalty', {
      kind: 'declared',
      dpid: 777,
      reconciliationKey: 'recipientId',
      encoding: 'plain',
      channel: 'other',
      forceReconciliation: true,
      importEnabled: true,
    });
    await h.identity.dataSources.put('web', {
      kind: 'visitor',
      dpid: 555,
      reconciliationKey: 'recipientId',
      encoding: 'plain',
      channel: 'other',
      forceReconciliation: false,
      importEnabled: true,
    });
    const ns = h.identity.namespaceForDpid;
    // One namespace per DPID, whatever the file: a visitor source's IDs are ECIDs everywhere.
    expect(await ns(0)).toBe('aam_uuid');
    expect(await ns(777)).toBe('loyalty');
    expect(await ns(555)).toBe('ecid');
    expect(await ns(999999)).toBe('dpid:999999');
    expect(await ns(20914)).toBe('gaid');
    expect(await ns(1171489)).toBe('vizio_ifa');
    const [r] = await h.identity.reconciler.reconcile([{ namespace: 'dpid:777', value: 'bob' }]);
    expect(r?.recipientId).toBe('bob');
  });
});
