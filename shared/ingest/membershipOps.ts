import { ALL_SEGMENTS, type ParsedRecord } from '../formats/index.ts';
import type { IdRef } from '../identifiers/types.ts';
import type { ReconcileReason } from '../identities/Reconciler.ts';
import type { UnmatchedReasons } from '../jobs/index.ts';
import type { MemberOp } from '../lists/index.ts';
import type { Member } from '../lists/types.ts';
import { addError } from './addError.ts';
import type { BatchContext, PendingLine } from './BatchContext.ts';
import type { SegmentList } from './MembershipApplier.ts';
import { PendingBatch } from './PendingBatch.ts';

type MembershipRecord = Extract<ParsedRecord, { kind: 'membership' }>;

type ListOps = { list: SegmentList; ops: MemberOp[] };
/** A batch's member ops, per list. */
export type OpsByList = Map<string, ListOps>;

/**
 * A batch's membership step up to the writes: reconcile its membership IDs and turn them into
 * per-list ops (undefined when the batch has no membership line). Lines whose ID the reconciler
 * refuses go to `rejected/`; with `write` false (a resumed run re-reading done lines) nothing is
 * counted again.
 */
export async function membershipOps(
  ctx: BatchContext,
  batch: PendingLine[],
  write: boolean,
): Promise<OpsByList | undefined> {
  const { identity, info, counters } = ctx;
  const full = info.mode === 'full' || info.mode === 'overwrite';
  const all = batch.filter((p) => p.record.kind === 'membership');
  if (all.length === 0) return undefined;
  // Blocked IDs (counted and written by the line loop) only name their segments: a full file
  // still replaces a segment none of whose IDs match.
  const memberships = all.filter((p) => !p.blocked);
  // Each distinct namespace is resolved once per batch; the IDs are then mapped without awaiting.
  const namespaces = new Map<string, string>();
  for (const p of memberships) {
    const { namespace } = (p.record as MembershipRecord).id;
    if (!namespaces.has(namespace)) namespaces.set(namespace, await ctx.resolve(namespace));
  }
  const ids: IdRef[] = [];
  const normalised: boolean[] = [];
  for (const p of memberships) {
    const id = (p.record as MembershipRecord).id;
    const namespace = namespaces.get(id.namespace) as string;
    ids.push({ namespace, value: id.value });
    // Validated by the receipt counter under the namespace it resolves to: no second normalising.
    normalised.push(p.validatedAs === namespace && !namespace.startsWith('dpid:'));
  }
  const results = await identity.reconciler.reconcile(ids, { normalised });
  const opsByList: OpsByList = new Map();
  // Per source, per segment: the entry of its list (no listId string built per row and segment).
  const bySource = new Map<string, Map<string, ListOps>>();
  const entryOf = (source: string, segmentId: string) => {
    let segments = bySource.get(source);
    if (!segments) {
      segments = new Map();
      bySource.set(source, segments);
    }
    let entry = segments.get(segmentId);
    if (!entry) {
      const listId = `${source}.${segmentId}`;
      entry = opsByList.get(listId);
      if (!entry) {
        ctx.listLimits.check(listId);
        ctx.rights.checkList(listId);
        entry = { list: { listId, source, segmentId }, ops: [] };
        opsByList.set(listId, entry);
      }
      segments.set(segmentId, entry);
    }
    return entry;
  };
  // "Remove this ID" rows leave every list of their source the partner feeds, and every segment
  // the file names (lists not stored yet included). Every line of the batch is counted already.
  const allSegments = new Map<string, string[]>();
  const matchesOf = (listId: string) => {
    let counts = ctx.listMatches.get(listId);
    if (!counts) {
      counts = { matched: 0, pending: 0 };
      ctx.listMatches.set(listId, counts);
    }
    return counts;
  };
  for (const p of memberships) {
    const record = p.record as MembershipRecord;
    const source = record.source ?? info.source;
    if (!record.remove.includes(ALL_SEGMENTS) || allSegments.has(source)) continue;
    // Not for a full/overwrite file: every list it opens is replaced, so the partner's other lists
    // would be emptied down to this file's members.
    const fed = full ? [] : await ctx.fedSegments(source);
    allSegments.set(source, [...new Set([...ctx.counter.segments(), ...fed])]);
  }
  /** The row's ops in each list it names (with no member: only the lists, for a full file). */
  const place = (record: MembershipRecord, member: Member | undefined): void => {
    const source = record.source ?? info.source;
    // One op object per row and kind, shared by the row's lists (ops are read, never changed).
    const add: MemberOp | undefined = member && record.add.length > 0 ? { op: 'add', member } : undefined;
    const remove: MemberOp | undefined =
      member && record.remove.length > 0 ? { op: 'remove', member } : undefined;
    for (const segment of record.add) {
      const entry = entryOf(source, segment);
      if (add) {
        entry.ops.push(add);
        if (write) matchesOf(entry.list.listId).matched++;
      }
    }
    for (const segment of record.remove) {
      if (segment === ALL_SEGMENTS) {
        for (const seg of allSegments.get(source) ?? []) {
          const entry = entryOf(source, seg);
          if (remove) entry.ops.push(remove);
        }
      } else {
        const entry = entryOf(source, segment);
        if (remove) entry.ops.push(remove);
      }
    }
  };
  const pending = new PendingBatch(ctx.pending, ctx.pendingStamp);
  /** An unmatched ID's memberships wait for it to match: its adds kept, its removals forgotten. */
  const keepPending = (record: MembershipRecord, keys: readonly string[]): void => {
    const source = record.source ?? info.source;
    for (const segment of record.add) {
      // Opened like any list the file names: its rights checked, and it exists for the rematch.
      const { listId } = entryOf(source, segment).list;
      pending.keep(keys, listId);
      matchesOf(listId).pending++;
    }
    for (const segment of record.remove) {
      const segments = segment === ALL_SEGMENTS ? (allSegments.get(source) ?? []) : [segment];
      for (const seg of segments) {
        const listId = `${source}.${seg}`;
        ctx.listLimits.check(listId);
        ctx.rights.checkList(listId);
        pending.forget(keys, listId);
      }
    }
  };
  for (let i = 0; i < memberships.length; i++) {
    const line = memberships[i];
    const result = results[i];
    if (!line || !result) continue;
    const record = line.record as MembershipRecord;
    if (result.reason === 'invalid') {
      const reason = `id: ${result.reason} ${result.namespace}${result.detail ? ` (${result.detail})` : ''}`;
      if (write) {
        counters.lateInvalid++;
        addError(counters, line.line, reason);
      }
      await ctx.rejected.write(line.line, reason, line.raw);
      continue;
    }
    let member: Member | undefined;
    if (result.recipientId) member = { recipientId: result.recipientId };
    else if (result.address) member = { address: result.address.address, channel: result.address.channel };
    if (result.hashedHere && write) counters.hashedHere++;
    if (!member) {
      const reason = unmatchedReason(result.reason);
      if (write) {
        counters.unmatchedIds++;
        counters.unmatched[reason]++;
      }
      await ctx.unmatched.write(line.line, reason, record.id.value);
      if (write && result.lookupKeys && (reason === 'unknownId' || reason === 'noRecipient'))
        keepPending(record, result.lookupKeys);
    }
    // A full file replaces every segment it names, even one none of whose IDs reconcile.
    if (!member && !full) continue;
    place(record, member);
  }
  if (full)
    for (const blocked of all) if (blocked.blocked) place(blocked.record as MembershipRecord, undefined);
  if (write) counters.pendingMemberships += await pending.write();
  return opsByList;
}

/** The receipt's unmatched reason of a reconcile result without a recipient or address. */
function unmatchedReason(reason: ReconcileReason | undefined): keyof UnmatchedReasons {
  return reason === undefined || reason === 'unknown' || reason === 'invalid' ? 'unknownId' : reason;
}
