import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSourceInput } from '../../../shared/datasources/index.ts';
import { ConflictError, ValidationError } from '../../../shared/errors/index.ts';
import { aesCbcEncryptHex } from '../../../shared/identifiers/index.ts';
import { type IdentityHarness, startIdentityHarness } from '../../helpers/identityHarness.ts';

const KEY_1 = { keyHex: '0123456789ABCDEF0123456789ABCDEF', ivHex: '0123456789ABCDEFFEDCBA9876543210' };
const KEY_2 = { keyHex: 'ab'.repeat(32), ivHex: 'cd'.repeat(16) };
const KEY_3 = { keyHex: 'ef'.repeat(24), ivHex: '01'.repeat(16) };
const encrypted = (key: typeof KEY_1, channel: 'email' | 'sms' | 'other' = 'email'): DataSourceInput => ({
  kind: 'declared',
  dpid: 9001,
  reconciliationKey: 'email',
  encoding: 'aes-cbc',
  aes: key,
  channel,
  forceReconciliation: false,
  importEnabled: true,
});

describe('DynamoDataSourceStore', () => {
  let h: IdentityHarness;
  beforeAll(async () => {
    h = await startIdentityHarness();
    await h.identity.recipients.put('john', { email: 'johndoe@example.com' });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('never echoes key material and seals it in a 0600 key file when an AES source is stored', async () => {
    const stored = await h.identity.dataSources.put('enc_email', encrypted(KEY_1));
    expect(stored).toEqual({
      name: 'enc_email',
      kind: 'declared',
      dpid: 9001,
      reconciliationKey: 'email',
      encoding: 'aes-cbc',
      channel: 'email',
      forceReconciliation: false,
      importEnabled: true,
      // The governance every source gets unless an admin sets one (issue 15).
      governance: { consent: 'opt-out', excludedLabels: [] },
      hasKey: true,
      updatedAt: '2026-01-02T03:04:05.000Z',
    });
    const answers = JSON.stringify([
      stored,
      await h.identity.dataSources.list(),
      await h.identity.dataSources.get('enc_email'),
    ]);
    expect(answers.toLowerCase()).not.toContain(KEY_1.keyHex.toLowerCase());
    expect(answers.toLowerCase()).not.toContain(KEY_1.ivHex.toLowerCase());
    expect(statSync(join(h.home, 'secrets.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(h.home, 'secrets.key'), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    expect(await h.identity.dataSources.keys('enc_email')).toEqual([KEY_1]);
  });

  it('reconciles an encrypted declared ID and offers the address of an unmatched one', async () => {
    const results = await h.identity.reconciler.reconcile([
      { namespace: 'enc_email', value: 'a4e70c52b4ca4a338d6d0ea25986355284f6ea47bb275506e61fa25b4ec4d365' },
      { namespace: 'dpid:9001', value: aesCbcEncryptHex('Walk-In@example.com', KEY_1) },
    ]);
    expect(results[0]?.recipientId).toBe('john');
    expect(results[1]).toMatchObject({
      recipientId: null,
      reason: 'unknown',
      address: { address: 'walk-in@example.com', channel: 'email' },
    });
  });

  it('still decrypts with the previous key when the key is rotated, and forgets the one before', async () => {
    const oldValue = aesCbcEncryptHex('johndoe@example.com', KEY_1);
    await h.identity.dataSources.put('enc_email', encrypted(KEY_2));
    expect(await h.identity.dataSources.keys('enc_email')).toEqual([KEY_2, KEY_1]);
    const [withOld, withNew] = await h.identity.reconciler.reconcile([
      { namespace: 'enc_email', value: oldValue },
      { namespace: 'enc_email', value: aesCbcEncryptHex('johndoe@example.com', KEY_2) },
    ]);
    expect([withOld?.recipientId, withNew?.recipientId]).toEqual(['john', 'john']);
    // Same key again: no rotation.
    await h.identity.dataSources.put('enc_email', encrypted(KEY_2));
    expect(await h.identity.dataSources.keys('enc_email')).toEqual([KEY_2, KEY_1]);
    // Omitting the key keeps it.
    const { aes: _aes, ...withoutKey } = encrypted(KEY_2);
    expect((await h.identity.dataSources.put('enc_email', withoutKey)).hasKey).toBe(true);
    await h.identity.dataSources.put('enc_email', encrypted(KEY_3));
    expect(await h.identity.dataSources.keys('enc_email')).toEqual([KEY_3, KEY_2]);
    const [gone] = await h.identity.reconciler.reconcile([{ namespace: 'enc_email', value: oldValue }]);
    expect(gone).toMatchObject({
      reason: 'encodingMismatch',
      detail: 'expected a value encrypted with the data source key',
    });
  });

  it('gives no address when the source forces reconciliation or its channel is other', async () => {
    await h.identity.dataSources.put('enc_other', { ...encrypted(KEY_1, 'other'), dpid: 9002 });
    await h.identity.dataSources.put('enc_forced', {
      ...encrypted(KEY_1),
      dpid: 9003,
      forceReconciliation: true,
    });
    const value = aesCbcEncryptHex('stranger@example.com', KEY_1);
    const results = await h.identity.reconciler.reconcile([
      { namespace: 'enc_other', value },
      { namespace: 'enc_forced', value },
    ]);
    expect(results.map((r) => [r.reason, r.address])).toEqual([
      ['unknown', undefined],
      ['forced', undefined],
    ]);
  });

  it('matches a hashed declared ID on the recipient email hash', async () => {
    await h.identity.dataSources.put('hashed', {
      kind: 'declared',
      reconciliationKey: 'email',
      encoding: 'sha256',
      channel: 'email',
      forceReconciliation: false,
      importEnabled: true,
    });
    const [r] = await h.identity.reconciler.reconcile([
      { namespace: 'hashed', value: '55E79200C1635B37AD31A378C39FEB12F120F116625093A19BC32FFF15041149' },
    ]);
    expect(r?.recipientId).toBe('john');
  });

  it('refuses with 409 a DPID another source uses and with 400 an aes-cbc source without a key', async () => {
    const taken = h.identity.dataSources.put('other_name', { ...encrypted(KEY_1), dpid: 9001 });
    await expect(taken).rejects.toBeInstanceOf(ConflictError);
    await expect(taken).rejects.toThrow('dpid: already used by data source enc_email');
    const { aes: _aes, ...noKey } = encrypted(KEY_1);
    const missing = h.identity.dataSources.put('fresh', { ...noKey, dpid: 9100 });
    await expect(missing).rejects.toBeInstanceOf(ValidationError);
    await expect(missing).rejects.toThrow('aes: required when encoding is aes-cbc');
  });
});
