import { randomUUID } from 'node:crypto';
import type { DataSourceStore } from '../datasources/index.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors/index.ts';
import type { IdRef } from '../identifiers/index.ts';
import { RecipientService } from '../recipients/RecipientService.ts';
import { BatchReconciler } from './BatchReconciler.ts';
import { forgetIds } from './forgetIds.ts';
import type { IdentityService, IdSubject } from './IdentityService.ts';
import type { IdentityStore } from './IdentityStore.ts';
import { IdLinker, type LinkRowsResult } from './IdLinker.ts';
import { IdResolver } from './IdResolver.ts';
import { MAX_IDS_PER_NAMESPACE, MAX_LINKS_PER_ID } from './limits.ts';
import type { OnMatched } from './OnMatched.ts';
import type { LinkOutcome } from './Reconciler.ts';
import { refKey } from './refKey.ts';

export interface IdentityServiceOptions {
  /** ID items and recipients (DynamoDB: `DynamoIdentityStore`). */
  identities: IdentityStore;
  /** Data sources and their sealed keys (DynamoDB: `DynamoDataSourceStore`). */
  dataSources: DataSourceStore;
  now: () => Date;
  /** Removes a recipient from every list (the lists area's `forgetMember`). */
  forgetMember: (recipientId: string) => Promise<void>;
  /** Called after recipients' attributes, consent or labels changed (rule lists re-evaluate them). */
  onRecipientsChanged?: (recipientIds: readonly string[]) => Promise<void>;
  /**
   * Called after links or recipient writes made IDs reconcile to a recipient (pending memberships
   * of those IDs apply then), with the cause naming the job `rematch:<cause>`.
   */
  onMatched?: OnMatched;
}

/**
 * Wires the identity area on its stores (built at the edge): data sources, ID items, recipients,
 * reconcile and links.
 *
 * @example
 * const identity = createIdentityService({ identities: new DynamoIdentityStore(ddb, table), dataSources, now: () => new Date(), forgetMember: async () => {} });
 * await identity.reconciler.reconcile([{ namespace: 'ecid', value: '1234…' }]);
 */
export function createIdentityService(options: IdentityServiceOptions): IdentityService {
  const { dataSources, identities: store } = options;
  const resolver = new IdResolver(dataSources);
  const reconciler = new BatchReconciler(store, resolver);
  const linker = new IdLinker(store, resolver, options.now);
  const recipients = new RecipientService(
    store,
    options.now,
    options.forgetMember,
    options.onRecipientsChanged,
    options.onMatched,
  );
  const matched = async (cause: string, result: LinkRowsResult) => {
    if (!options.onMatched) return;
    const matches = matchesOf(result);
    if (matches.length > 0) await options.onMatched(cause, matches);
  };
  /** The ID's item and the recipient it reconciles to; 400 when it is invalid. */
  const find = async (ref: IdRef) => {
    const resolved = await resolver.resolve(ref);
    if (!resolved.ok) throw new ValidationError(`value: ${resolved.detail}`, { field: 'value' });
    const [item] = (await store.getIds([resolved.key])).values();
    const [result] = await reconciler.reconcile([ref]);
    return { resolved, item, recipientId: result?.recipientId ?? null };
  };

  return {
    reconciler,
    dataSources,
    recipients,
    namespaceForDpid: (dpid) => resolver.namespaceForDpid(dpid),

    async link(rows, cause = `link:${randomUUID()}`) {
      const result = await linker.linkRows(rows);
      await matched(cause, result);
      return outcomeOf(result);
    },

    async linkIds(ids, recipientId) {
      const result = await linker.linkRows([ids], recipientId);
      refuseUnlinked(result);
      await matched(`link:${randomUUID()}`, result);
      return { recipientId: result.recipientIds[0] ?? null, ids: result.keys[0] ?? [] };
    },

    async lookup(ref: IdRef) {
      const { item, recipientId } = await find(ref);
      if (!item && !recipientId) throw new NotFoundError('value: no such ID', { field: 'value' });
      const linked = item?.linked ?? [];
      return { namespace: ref.namespace, value: ref.value, recipientId, linked: dedupe(linked) };
    },

    async subjectOf(ref: IdRef) {
      const { resolved, item, recipientId } = await find(ref);
      const recipient = recipientId ? await recipients.get(recipientId) : undefined;
      const address = resolved.address ?? plainAddress(resolved.key);
      return {
        key: resolved.key,
        stored: item !== undefined,
        ...(recipient ? { recipient } : {}),
        ...(address ? { address } : {}),
        lookupKeys: [resolved.key, ...resolved.candidates].map(refKey),
      };
    },

    async eraseId(key: IdRef) {
      await forgetIds(store, [key]);
    },
  };
}

/** The recipients links reached, with every key of theirs they matched (pending memberships under them apply). */
function matchesOf(result: LinkRowsResult) {
  return result.rows.flatMap((outcome, row) => {
    const recipientId = result.recipientIds[row];
    return outcome === 'linked' && recipientId
      ? [{ recipientId, keys: [...(result.keys[row] ?? []), ...(result.adopted[row] ?? [])].map(refKey) }]
      : [];
  });
}

/** The API's one link, refused: 400 for an invalid ID, 409 for a merge or over a guardrail. */
function refuseUnlinked(result: LinkRowsResult): void {
  const bad = result.invalid[0];
  if (bad) {
    throw new ValidationError(`ids.${bad.index}.value: ${bad.detail}`, { field: `ids.${bad.index}.value` });
  }
  if (result.rows[0] === 'conflict') {
    throw new ConflictError('ids: these IDs belong to different recipients; refused, not merged', {
      field: 'ids',
    });
  }
  if (result.rows[0] === 'capped') {
    throw new ConflictError(
      `ids: over the limits of ${MAX_IDS_PER_NAMESPACE} IDs per namespace per recipient or ${MAX_LINKS_PER_ID} links per ID`,
      { field: 'ids' },
    );
  }
}

/** What a batch of ID-sync rows did: rows linked, refused and invalid. */
function outcomeOf(result: LinkRowsResult): LinkOutcome {
  const count = (outcome: string) => result.rows.filter((o) => o === outcome).length;
  return {
    linked: count('linked'),
    conflicts: count('conflict'),
    capped: count('capped'),
    invalid: result.invalid.length,
    rejectedRows: firstInvalidPerRow(result.invalid),
  };
}

/** One entry per row with an invalid ID: the first one's position and reason (no value). */
function firstInvalidPerRow(
  invalid: ReadonlyArray<{ row: number; index: number; detail: string }>,
): LinkOutcome['rejectedRows'] {
  const rows = new Map<number, string>();
  for (const bad of invalid)
    if (!rows.has(bad.row)) rows.set(bad.row, `column ${bad.index + 1}: ${bad.detail}`);
  return [...rows].map(([row, reason]) => ({ row, reason }));
}

/** The address-only member a plain email or phone would be kept as. */
function plainAddress(key: IdRef): IdSubject['address'] {
  if (key.namespace === 'email') return { address: key.value, channel: 'email' };
  if (key.namespace === 'phone') return { address: key.value, channel: 'sms' };
  return undefined;
}

function dedupe(refs: IdRef[]): IdRef[] {
  return [...new Map(refs.map((ref) => [refKey(ref), ref])).values()];
}
