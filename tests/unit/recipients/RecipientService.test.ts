import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors/index.ts';
import { sha256Hex } from '../../../shared/identifiers/index.ts';
import { type IdentityHarness, startIdentityHarness } from '../../helpers/identityHarness.ts';

const ecid = (n: number) => String(n).padStart(38, '0');

describe('RecipientService', () => {
  let h: IdentityHarness;
  beforeAll(async () => {
    h = await startIdentityHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('erases the recipient, its linked IDs, its index items and its memberships when deleted', async () => {
    const { identity } = h;
    await identity.recipients.put('gone', { email: 'Gone@Example.com', phone: '+1 650 253 0000' });
    await identity.link([
      [
        { namespace: 'ecid', value: ecid(2) },
        { namespace: 'ecid', value: ecid(1) },
      ],
    ]);
    await identity.linkIds([{ namespace: 'ecid', value: ecid(1) }], 'gone');
    const ids = [
      { namespace: 'email', value: 'gone@example.com' },
      { namespace: 'phone_sha256', value: '+16502530000' },
      { namespace: 'ecid', value: ecid(1) },
      { namespace: 'recipientId', value: 'gone' },
    ];
    expect((await identity.reconciler.reconcile(ids)).map((r) => r.recipientId)).toEqual([
      'gone',
      'gone',
      'gone',
      'gone',
    ]);

    await identity.recipients.erase('gone');

    expect(h.forgotten).toEqual(['gone']);
    expect(await identity.recipients.get('gone')).toBeUndefined();
    expect((await identity.reconciler.reconcile(ids)).map((r) => r.reason)).toEqual([
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ]);
    await expect(identity.lookup({ namespace: 'ecid', value: ecid(1) })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    // The neighbour was given the recipient when its link reached it, so it is erased too.
    await expect(identity.lookup({ namespace: 'ecid', value: ecid(2) })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(identity.recipients.erase('gone')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('moves the index when the email changes and keeps linked IDs', async () => {
    const { identity } = h;
    await identity.recipients.put('mover', { email: 'old@example.com', attributes: { tier: 'gold' } });
    await identity.linkIds([{ namespace: 'ecid', value: ecid(5) }], 'mover');
    const { recipient: updated, changedFields } = await identity.recipients.put('mover', {
      email: 'new@example.com',
      labels: ['C2'],
    });
    expect(changedFields).toEqual(['attributes.tier', 'email', 'labels']);
    expect(updated.ids).toEqual({
      email: ['new@example.com'],
      email_sha256: [sha256Hex('new@example.com')],
      ecid: [ecid(5)],
    });
    const results = await identity.reconciler.reconcile([
      { namespace: 'email', value: 'old@example.com' },
      { namespace: 'email', value: 'new@example.com' },
      { namespace: 'ecid', value: ecid(5) },
    ]);
    expect(results.map((r) => r.recipientId)).toEqual([null, 'mover', 'mover']);
    expect(updated.labels).toEqual(['C2']);
    expect(updated.attributes).toBeUndefined();
  });

  it('refuses with 409 an email that belongs to another recipient and 400 a malformed phone', async () => {
    const { identity } = h;
    await identity.recipients.put('first', { email: 'shared@example.com' });
    const conflict = identity.recipients.put('second', { email: 'SHARED@example.com' });
    await expect(conflict).rejects.toBeInstanceOf(ConflictError);
    await expect(conflict).rejects.toThrow('email: already belongs to another recipient');
    const invalid = identity.recipients.put('second', { phone: '12' });
    await expect(invalid).rejects.toBeInstanceOf(ValidationError);
    await expect(invalid).rejects.toThrow('phone: expected an international number starting with +');
  });

  it('reports refused entries by position when loading in bulk', async () => {
    const outcome = await h.identity.recipients.putMany([
      { recipientId: 'b1', email: 'b1@example.com' },
      { recipientId: 'b2', email: 'b1@example.com' },
      { recipientId: 'null', email: 'b3@example.com' },
      { recipientId: 'b4', email: 'not-an-email' },
      { recipientId: 'b5' },
    ]);
    expect(outcome).toEqual({
      written: 2,
      errors: [
        { index: 1, reason: 'conflict', field: 'email', detail: 'already belongs to another recipient' },
        {
          index: 2,
          reason: 'invalid',
          field: 'recipientId',
          detail: 'expected a trimmed, non-placeholder ID',
        },
        { index: 3, reason: 'invalid', field: 'email', detail: 'expected an email address' },
      ],
    });
    const many = await h.identity.recipients.getMany(['b1', 'b2', 'b5']);
    expect([...many.keys()].sort()).toEqual(['b1', 'b5']);
  });
});
