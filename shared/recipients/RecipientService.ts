import { randomUUID } from 'node:crypto';
import { ConflictError, fromZodError, NotFoundError, ValidationError } from '../errors/index.ts';
import { applyMergePatch } from '../http/applyMergePatch.ts';
import { type IdRef, normaliseId } from '../identifiers/index.ts';
import { forgetIds } from '../identities/forgetIds.ts';
import type { IdentityStore } from '../identities/IdentityStore.ts';
import type { IdItem } from '../identities/IdItem.ts';
import type { OnMatched } from '../identities/OnMatched.ts';
import { refKey } from '../identities/refKey.ts';
import { logger } from '../logging/index.ts';
import { changedFields } from './changedFields.ts';
import { indexRefs, ownedRefs } from './indexRefs.ts';
import type { PutManyOutcome } from './PutManyOutcome.ts';
import {
  attributesSchema,
  type RecipientInput,
  type RecipientPatch,
  type RecipientRecord,
  recipientInputSchema,
} from './schemas.ts';
import type { Recipient } from './types.ts';

/** Whether attributes, consent and labels (what rules read) are unchanged; a new recipient is a change. */
function sameProfile(old: Recipient | undefined, next: Recipient): boolean {
  if (!old) return false;
  const profile = (r: Recipient) => JSON.stringify([r.attributes ?? {}, r.consent ?? {}, r.labels ?? []]);
  return profile(old) === profile(next);
}

const FIELD_OF: Record<string, string> = {
  email: 'email',
  email_sha256: 'email',
  phone: 'phone',
  phone_sha256: 'phone',
  recipientId: 'recipientId',
};

/** A bulk-loaded record's own checks (the API's schema did them for PUT): the field at fault, or its normalised contacts. */
function checkRecord(
  record: RecipientRecord,
): { field: string; detail: string } | { email?: string; phone?: string } {
  const id = normaliseId('crm', record.recipientId);
  if (!id.ok || id.value !== record.recipientId)
    return { field: 'recipientId', detail: 'expected a trimmed, non-placeholder ID' };
  const attributes = record.attributes && attributesSchema.safeParse(record.attributes);
  if (attributes && !attributes.success) {
    const issue = attributes.error.issues[0];
    const field = ['attributes', ...(issue?.path ?? [])].map(String).join('.');
    return { field, detail: issue?.message ?? 'invalid' };
  }
  const contacts: { email?: string; phone?: string } = {};
  for (const field of ['email', 'phone'] as const) {
    const value = record[field];
    if (value === undefined || value.trim() === '') continue;
    const normalised = normaliseId(field, value);
    if (!normalised.ok) return { field, detail: normalised.detail };
    contacts[field] = normalised.value;
  }
  return contacts;
}

/** A written recipient and the names of the profile fields the write changed (for the audit). */
export interface RecipientChange {
  recipient: Recipient;
  changedFields: string[];
}

/** The profile part of a recipient, as PUT takes it. */
function profileOf(recipient: Recipient): RecipientInput {
  const { recipientId: _id, ids: _ids, updatedAt: _at, ...profile } = recipient;
  return profile;
}

/**
 * Recipients and their index items. Writes keep `ID#email#…`, `ID#email_sha256#…`, `ID#phone#…`,
 * `ID#phone_sha256#…` and `ID#recipientId#…` pointing at the recipient so a declared ID finds it
 * in one lookup; an email or phone that belongs to another recipient is refused (409), never merged.
 * Bulk loads read and write in batches.
 *
 * @example
 * await recipients.put('r-1', { email: 'JohnDoe@example.com' });
 * (await recipients.get('r-1'))?.ids.email_sha256 // → ['55e79200…']
 */
export class RecipientService {
  constructor(
    private readonly store: IdentityStore,
    private readonly now: () => Date,
    /** Removes the recipient from every list (the lists area); called before the erase. */
    private readonly forgetMember: (recipientId: string) => Promise<void>,
    /** Told which recipients' attributes, consent or labels a write changed (rule lists re-evaluate them). */
    private readonly onChanged: (recipientIds: readonly string[]) => Promise<void> = async () => {},
    /** Told which recipients the written emails, phones and IDs now find (pending memberships apply). */
    private readonly onMatched?: OnMatched,
  ) {}

  async get(recipientId: string): Promise<Recipient | undefined> {
    return (await this.store.getRecipients([recipientId])).get(recipientId);
  }

  /** BatchGetItem of many recipients; missing ones are absent from the map. */
  async getMany(recipientIds: readonly string[]): Promise<Map<string, Recipient>> {
    return this.store.getRecipients(recipientIds);
  }

  /** Creates or replaces one recipient's whole profile (its linked IDs are kept); 400/409 as in `putMany`. */
  async put(recipientId: string, input: RecipientInput): Promise<RecipientChange> {
    const [outcome, written] = await this.write([{ ...input, recipientId }], `recipient:${randomUUID()}`);
    const error = outcome.errors[0];
    if (error) {
      const message = `${error.field}: ${error.detail}`;
      throw error.reason === 'conflict'
        ? new ConflictError(message, { field: error.field })
        : new ValidationError(message, { field: error.field });
    }
    const change = written.get(recipientId);
    if (!change) throw new NotFoundError('recipientId: not written', { field: 'recipientId' });
    return change;
  }

  /**
   * Changes part of a stored profile with a JSON Merge Patch (RFC 7396): 404 when the recipient is
   * unknown, 400 naming the `body` field when the merged profile breaks a cap, then as `put`.
   */
  async patch(recipientId: string, patch: RecipientPatch): Promise<RecipientChange> {
    const stored = await this.get(recipientId);
    if (!stored) throw new NotFoundError('recipientId: no such recipient', { field: 'recipientId' });
    const merged = recipientInputSchema.safeParse(applyMergePatch(profileOf(stored), patch));
    if (!merged.success) throw fromZodError(merged.error, 'body');
    return this.put(recipientId, merged.data);
  }

  /** Bulk load (ingest of `inbound/recipients/`): refused entries are reported, the rest written. */
  async putMany(
    records: readonly RecipientRecord[],
    cause = `recipient:${randomUUID()}`,
  ): Promise<PutManyOutcome> {
    return (await this.write(records, cause))[0];
  }

  /**
   * Privacy delete: list memberships, every ID linked to the recipient, its index items, references
   * to those IDs in neighbouring items, and the recipient itself. 404 when unknown.
   */
  async erase(recipientId: string): Promise<void> {
    const recipient = await this.get(recipientId);
    if (!recipient) throw new NotFoundError('recipientId: no such recipient', { field: 'recipientId' });
    await this.forgetMember(recipientId);
    const owned = ownedRefs(recipient);
    const cleaned = await forgetIds(this.store, owned, [recipientId]);
    logger.info('recipient erased', { idsRemoved: owned.length, neighboursCleaned: cleaned });
  }

  private async write(
    records: readonly RecipientRecord[],
    cause: string,
  ): Promise<[PutManyOutcome, Map<string, RecipientChange>]> {
    const outcome: PutManyOutcome = { written: 0, errors: [] };
    const valid: Array<{ index: number; record: RecipientRecord; email?: string; phone?: string }> = [];
    for (const [index, record] of records.entries()) {
      const checked = checkRecord(record);
      if ('field' in checked) outcome.errors.push({ index, reason: 'invalid', ...checked });
      else valid.push({ index, record, ...checked });
    }
    const recipients = await this.store.getRecipients(valid.map((v) => v.record.recipientId));
    const before = new Map(recipients);
    const items = await this.store.getIds(
      valid.flatMap((v) => {
        const old = recipients.get(v.record.recipientId);
        return [...indexRefs({ ...v, recipientId: v.record.recipientId }), ...(old ? indexRefs(old) : [])];
      }),
    );
    const puts = new Map<string, IdItem>();
    const deletes = new Map<string, IdRef>();
    const written = new Map<string, RecipientChange>();
    const updatedAt = this.now().toISOString();

    for (const { index, record, email, phone } of valid) {
      const { recipientId } = record;
      const fresh = indexRefs({ recipientId, email, phone });
      const taken = fresh.find((ref) => {
        const owner = items.get(refKey(ref))?.recipientId;
        return owner !== undefined && owner !== recipientId;
      });
      if (taken) {
        const field = FIELD_OF[taken.namespace] ?? taken.namespace;
        outcome.errors.push({
          index,
          reason: 'conflict',
          field,
          detail: 'already belongs to another recipient',
        });
        continue;
      }
      const old = recipients.get(recipientId);
      const freshKeys = new Set(fresh.map(refKey));
      const ids: Record<string, string[]> = {};
      for (const [namespace, values] of Object.entries(old?.ids ?? {})) ids[namespace] = [...values];
      for (const ref of old ? indexRefs(old) : []) {
        const key = refKey(ref);
        const item = items.get(key);
        if (freshKeys.has(key) || item?.recipientId !== recipientId) continue;
        const kept = (ids[ref.namespace] ?? []).filter((value) => value !== ref.value);
        if (kept.length > 0) ids[ref.namespace] = kept;
        else delete ids[ref.namespace];
        // An old email/phone no longer points here; keep the item only for the links it carries.
        const { recipientId: _dropped, ...rest } = item;
        if (rest.linked.length > 0) {
          items.set(key, rest);
          puts.set(key, rest);
          deletes.delete(key);
        } else {
          items.delete(key);
          puts.delete(key);
          deletes.set(key, ref);
        }
      }
      for (const ref of fresh) {
        const key = refKey(ref);
        const item: IdItem = { ...(items.get(key) ?? { ...ref, linked: [] }), recipientId };
        items.set(key, item);
        puts.set(key, item);
        deletes.delete(key);
        const values = ids[ref.namespace] ?? [];
        if (ref.namespace !== 'recipientId' && !values.includes(ref.value))
          ids[ref.namespace] = [...values, ref.value];
      }
      const recipient: Recipient = {
        recipientId,
        ...(email ? { email } : {}),
        ...(phone ? { phone } : {}),
        ...(record.attributes ? { attributes: record.attributes } : {}),
        ...(record.consent ? { consent: record.consent } : {}),
        ...(record.labels ? { labels: record.labels } : {}),
        ids,
        updatedAt,
      };
      recipients.set(recipientId, recipient);
      written.set(recipientId, { recipient, changedFields: changedFields(old, recipient) });
      outcome.written++;
    }
    await this.store.write({
      putIds: puts.values(),
      deleteIds: deletes.values(),
      putRecipients: [...written.values()].map((change) => change.recipient),
    });
    const changed = [...written.values()]
      .map((change) => change.recipient)
      .filter((r) => !sameProfile(before.get(r.recipientId), r));
    await this.onChanged(changed.map((r) => r.recipientId));
    if (this.onMatched && written.size > 0) {
      const matches = [...written.values()].map(({ recipient }) => ({
        recipientId: recipient.recipientId,
        keys: indexRefs(recipient).map(refKey),
      }));
      await this.onMatched(cause, matches);
    }
    outcome.errors.sort((a, b) => a.index - b.index);
    return [outcome, written];
  }
}
