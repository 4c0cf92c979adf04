import { hashedTarget } from '../audit/auditTarget.ts';
import { NotFoundError } from '../errors/index.ts';
import type { IdRef } from '../identifiers/index.ts';
import type { IdSubject } from '../identities/IdentityService.ts';
import { refKey } from '../identities/refKey.ts';
import type { Member } from '../lists/types.ts';
import { logger } from '../logging/index.ts';
import { ownedRefs } from '../recipients/indexRefs.ts';
import type { ErasurePorts } from './ErasurePorts.ts';
import type { ErasureRecord } from './ErasureRecord.ts';
import { erasePending } from './erasePending.ts';
import { optOutFile } from './optOutFile.ts';
import { forgetSent, sentIds } from './sentIds.ts';

/** The address-only members that stand for the person: the ID's own address, the recipient's email and phone. */
function addressMembers(subject: IdSubject): Member[] {
  const found = new Map<string, Member>();
  const add = (address: string | undefined, channel: 'email' | 'sms') => {
    if (address) found.set(`${channel}:${address}`, { address, channel });
  };
  add(subject.address?.address, subject.address?.channel ?? 'email');
  add(subject.recipient?.email, 'email');
  add(subject.recipient?.phone, 'sms');
  return [...found.values()];
}

/**
 * Privacy delete by any ID (`DELETE /v1/identities/{namespace}/{value}`): address-only members on
 * every list, pending memberships, the person's export snapshot entries (once an opt-out file of
 * the IDs they held is written to each shared audience's folder), then the recipient the ID
 * resolves to (with every ID linked to it) or the ID's own item. Writes the erasure record under
 * `receipts/erasures/` and returns it. 404 when the ID names nothing. The recipient goes last, so
 * a retry after a failure still finds what is left through it.
 *
 * @example
 * const record = await eraseIdentity(ports, { namespace: 'email', value: 'a@b.c' }, 'admin');
 */
export async function eraseIdentity(ports: ErasurePorts, ref: IdRef, actor: string): Promise<ErasureRecord> {
  const subject = await ports.identity.subjectOf(ref);
  const { recipient } = subject;
  const addresses = addressMembers(subject);
  const sent = await sentIds(ports, [
    ...(recipient ? [{ recipientId: recipient.recipientId }] : []),
    ...addresses,
  ]);
  let addressLists = 0;
  for (const member of addresses) addressLists += await ports.forgetMember(member);
  const keys = [...subject.lookupKeys, ...(recipient ? ownedRefs(recipient).map(refKey) : [])];
  const pendingEntries = await erasePending(ports.pending, keys);
  const snapshotEntries = sent.reduce((sum, s) => sum + s.entries.length, 0);
  if (!recipient && !subject.stored && addressLists + snapshotEntries + pendingEntries === 0)
    throw new NotFoundError('value: no such ID', { field: 'value' });

  const at = ports.now();
  const erasureId = ports.newId();
  const optOutFiles: string[] = [];
  for (const audience of sent) {
    const file = optOutFile(audience, erasureId, at);
    await ports.files.put(file.key, file.body, 'text/plain');
    optOutFiles.push(file.key);
  }
  await forgetSent(ports, sent);
  if (recipient) await ports.identity.recipients.erase(recipient.recipientId);
  else if (subject.stored) await ports.identity.eraseId(subject.key);
  const record: ErasureRecord = {
    erasureId,
    at: at.toISOString(),
    actor,
    namespace: subject.key.namespace,
    subject: hashedTarget(subject.key.value),
    ...(recipient ? { recipient: hashedTarget(recipient.recipientId) } : {}),
    addressLists,
    snapshotEntries,
    pendingEntries,
    optOutFiles,
  };
  await ports.files.put(`receipts/erasures/${erasureId}.json`, JSON.stringify(record), 'application/json');
  logger.info('identity erased', {
    addressLists,
    snapshotEntries,
    pendingEntries,
    files: optOutFiles.length,
  });
  return record;
}
