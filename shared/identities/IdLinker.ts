import { NotFoundError } from '../errors/index.ts';
import type { IdRef } from '../identifiers/index.ts';
import { logger } from '../logging/index.ts';
import type { Recipient } from '../recipients/types.ts';
import type { IdentityStore } from './IdentityStore.ts';
import type { IdItem } from './IdItem.ts';
import type { IdResolver } from './IdResolver.ts';
import { MAX_IDS_PER_NAMESPACE, MAX_LINKS_PER_ID } from './limits.ts';
import type { Resolved } from './Resolved.ts';
import { refKey } from './refKey.ts';

type Ok = Extract<Resolved, { ok: true }>;

const lookups = (r: Ok): IdRef[] => [r.key, ...r.candidates];

/** What happened to one row: linked, refused (two recipients, or a guardrail), or nothing to link. */
export type RowOutcome = 'linked' | 'conflict' | 'capped' | 'empty';

export interface LinkRowsResult {
  rows: RowOutcome[];
  /** Per row: the recipient the row's IDs now reconcile to, if any. */
  recipientIds: Array<string | undefined>;
  /** Per row: the stored keys of the row's valid IDs. */
  keys: IdRef[][];
  /** Per row: the keys of un-owned neighbours the row's recipient adopted (they match now too). */
  adopted: IdRef[][];
  /** Invalid or blocked IDs, by row and position (no values). */
  invalid: Array<{
    row: number;
    index: number;
    reason: 'invalid' | 'blocked' | 'encodingMismatch';
    detail: string;
  }>;
}

/**
 * Links rows of IDs in one pass: one BatchGetItem round for the IDs and their index keys, one for
 * the recipients they name, one BatchWriteItem stream for everything changed. Rows apply in order
 * against the in-memory state, so a later row sees an earlier row's links. A row whose IDs already
 * belong to two different recipients is refused, never merged. No transactions: concurrent link
 * batches touching the same ID are last-writer-wins on its `linked` list.
 */
export class IdLinker {
  constructor(
    private readonly store: IdentityStore,
    private readonly resolver: IdResolver,
    private readonly now: () => Date,
  ) {}

  async linkRows(rows: readonly IdRef[][], recipientId?: string): Promise<LinkRowsResult> {
    const result: LinkRowsResult = { rows: [], recipientIds: [], keys: [], adopted: [], invalid: [] };
    const { members, resolvedByKey } = await this.resolveRows(rows, result);
    const items = await this.store.getIds(members.flat().flatMap(lookups));
    await this.readNeighbours(members, items, resolvedByKey);
    const owners = [...items.values()].flatMap((item) => (item.recipientId ? [item.recipientId] : []));
    const recipients = await this.store.getRecipients(recipientId ? [recipientId, ...owners] : owners);
    if (recipientId && !recipients.has(recipientId)) {
      throw new NotFoundError('recipientId: no such recipient', { field: 'recipientId' });
    }
    const dirtyIds = new Set<string>();
    const dirtyRecipients = new Set<string>();
    const ownerOf = (r: Ok): string | undefined => {
      for (const ref of lookups(r)) {
        const owner = items.get(refKey(ref))?.recipientId;
        if (owner && recipients.has(owner)) return owner;
      }
      return undefined;
    };
    const neighboursOf = (m: Ok): Ok[] =>
      (items.get(refKey(m.key))?.linked ?? []).flatMap((ref) => resolvedByKey.get(refKey(ref)) ?? []);

    for (const row of members) {
      const found = new Set<string>(recipientId ? [recipientId] : []);
      for (const m of row) {
        for (const r of [m, ...neighboursOf(m)]) {
          const owner = ownerOf(r);
          if (owner) found.add(owner);
        }
      }
      const [owner] = found;
      const recipient = owner === undefined ? undefined : recipients.get(owner);
      // With a recipient, the members' un-owned neighbours join it too (one hop, as reconcile reads).
      const adopted = recipient
        ? row.flatMap((m) => neighboursOf(m)).filter((n) => !row.includes(n) && !ownerOf(n))
        : [];
      const outcome: RowOutcome =
        found.size > 1
          ? 'conflict'
          : row.length < (recipient ? 1 : 2)
            ? 'empty'
            : this.check(row, adopted, items, recipient);
      result.rows.push(outcome);
      result.recipientIds.push(outcome === 'linked' || outcome === 'empty' ? owner : undefined);
      result.keys.push(row.map((m) => m.key));
      result.adopted.push(outcome === 'linked' ? adopted.map((m) => m.key) : []);
      if (outcome !== 'linked') continue;
      for (const key of linkEachOther(row, items)) dirtyIds.add(key);
      if (recipient) {
        for (const m of [...row, ...adopted]) {
          const key = refKey(m.key);
          const item = items.get(key);
          if (!item) continue;
          item.recipientId = recipient.recipientId;
          addId(recipient, m.key);
          dirtyIds.add(key);
        }
        recipient.updatedAt = this.now().toISOString();
        dirtyRecipients.add(recipient.recipientId);
      }
    }
    await this.store.write({
      putIds: [...dirtyIds].flatMap((key) => items.get(key) ?? []),
      putRecipients: [...dirtyRecipients].flatMap((id) => recipients.get(id) ?? []),
    });
    const refused = result.rows.filter((o) => o === 'conflict' || o === 'capped').length;
    if (refused > 0) logger.warn('identity links refused', { rows: rows.length, refused });
    return result;
  }

  /** Round 1: each row's valid IDs, once each (the invalid ones recorded in `result`), and all of them by key. */
  private async resolveRows(rows: readonly IdRef[][], result: LinkRowsResult) {
    const resolvedRows = await Promise.all(
      rows.map((row) => Promise.all(row.map((r) => this.resolver.resolve(r)))),
    );
    const resolvedByKey = new Map<string, Ok>();
    const members: Ok[][] = resolvedRows.map((row, rowIndex) => {
      const seen = new Map<string, Ok>();
      for (const [index, r] of row.entries()) {
        if (r.ok) seen.set(refKey(r.key), r);
        else result.invalid.push({ row: rowIndex, index, reason: r.reason, detail: r.detail });
      }
      for (const [key, r] of seen) resolvedByKey.set(key, r);
      return [...seen.values()];
    });
    return { members, resolvedByKey };
  }

  /**
   * Round 2: reads the IDs already linked to the members into `items` (and resolves them into
   * `resolvedByKey`), so an owner one hop away is seen (never merged).
   */
  private async readNeighbours(
    members: readonly Ok[][],
    items: Map<string, IdItem>,
    resolvedByKey: Map<string, Ok>,
  ): Promise<void> {
    const neighbourRefs = members.flat().flatMap((m) => items.get(refKey(m.key))?.linked ?? []);
    const toRead: IdRef[] = [];
    for (const ref of neighbourRefs) {
      const key = refKey(ref);
      if (resolvedByKey.has(key)) continue;
      const r = await this.resolver.resolve(ref);
      if (!r.ok) continue;
      resolvedByKey.set(key, r);
      toRead.push(...lookups(r).filter((l) => !items.has(refKey(l))));
    }
    if (toRead.length > 0) for (const [key, item] of await this.store.getIds(toRead)) items.set(key, item);
  }

  /** Guardrails: links per ID, IDs per namespace per recipient. */
  private check(
    row: readonly Ok[],
    adopted: readonly Ok[],
    items: ReadonlyMap<string, IdItem>,
    recipient: Recipient | undefined,
  ): RowOutcome {
    for (const m of row) {
      const linked = new Set((items.get(refKey(m.key))?.linked ?? []).map(refKey));
      for (const other of row) if (other !== m) linked.add(refKey(other.key));
      if (linked.size > MAX_LINKS_PER_ID) return 'capped';
    }
    if (recipient) {
      const added = new Map<string, Set<string>>();
      for (const { key } of [...row, ...adopted]) {
        if (key.namespace === 'recipientId' || recipient.ids[key.namespace]?.includes(key.value)) continue;
        const values = added.get(key.namespace) ?? new Set<string>();
        values.add(key.value);
        added.set(key.namespace, values);
        if ((recipient.ids[key.namespace]?.length ?? 0) + values.size > MAX_IDS_PER_NAMESPACE)
          return 'capped';
      }
    }
    return 'linked';
  }
}

/** Links every ID of a row to the row's others (in `items`); the keys of the items changed. */
function linkEachOther(row: readonly Ok[], items: Map<string, IdItem>): string[] {
  return row.map((m) => {
    const key = refKey(m.key);
    const item: IdItem = items.get(key) ?? { ...m.key, linked: [] };
    const known = new Set(item.linked.map(refKey));
    for (const other of row) if (other !== m && !known.has(refKey(other.key))) item.linked.push(other.key);
    items.set(key, item);
    return key;
  });
}

/** Adds an ID to `recipient.ids` (the recipientId index itself is not listed there). */
function addId(recipient: Recipient, ref: IdRef): void {
  if (ref.namespace === 'recipientId') return;
  const values = recipient.ids[ref.namespace] ?? [];
  if (!values.includes(ref.value)) values.push(ref.value);
  recipient.ids[ref.namespace] = values;
}
