import type { IdRef } from '../identifiers/index.ts';
import type { ReconcileResult, Reconciler } from '../reconcile/types.ts';
import type { IdentityStore } from './IdentityStore.ts';
import type { IdItem } from './IdItem.ts';
import type { IdResolver } from './IdResolver.ts';
import type { Resolved } from './Resolved.ts';
import { refKey } from './refKey.ts';

type Ok = Extract<Resolved, { ok: true }>;

const lookups = (r: Ok): IdRef[] => [r.key, ...r.candidates];

function recipientIn(refs: readonly IdRef[], found: ReadonlyMap<string, IdItem>): string | undefined {
  for (const ref of refs) {
    const id = found.get(refKey(ref))?.recipientId;
    if (id) return id;
  }
  return undefined;
}

/**
 * The one reconcile function (API and ingest): results in input order, in at most two BatchGetItem
 * rounds plus retries. Round 1 reads each ID's own item and its index keys (a hashed or decrypted
 * declared ID's email/phone); round 2 reads the IDs linked to those still unresolved, with their
 * index keys. Never one request per ID.
 *
 * @example
 * const [r] = await reconciler.reconcile([{ namespace: 'email', value: 'JohnDoe@example.com' }]);
 * // r → { namespace: 'email', value: 'JohnDoe@example.com', recipientId: 'r-1' }
 */
export class BatchReconciler implements Reconciler {
  constructor(
    private readonly store: IdentityStore,
    private readonly resolver: IdResolver,
  ) {}

  async reconcile(ids: readonly IdRef[]): Promise<ReconcileResult[]> {
    const resolved = await Promise.all(ids.map((ref) => this.resolver.resolve(ref)));
    const firstRound = await this.store.getIds(resolved.flatMap((r) => (r.ok ? lookups(r) : [])));

    const second = new Map<number, IdRef[]>();
    const linkedResolutions = new Map<string, Resolved>();
    for (const [index, r] of resolved.entries()) {
      if (!r.ok || recipientIn(lookups(r), firstRound)) continue;
      const linked = lookups(r).flatMap((ref) => firstRound.get(refKey(ref))?.linked ?? []);
      if (linked.length === 0) continue;
      const refs: IdRef[] = [];
      for (const ref of linked) {
        const key = refKey(ref);
        let lr = linkedResolutions.get(key);
        if (!lr) {
          lr = await this.resolver.resolve(ref);
          linkedResolutions.set(key, lr);
        }
        if (lr.ok) refs.push(...lookups(lr));
      }
      second.set(index, refs);
    }
    const toRead = [...second.values()].flat().filter((ref) => !firstRound.has(refKey(ref)));
    const secondRound = toRead.length > 0 ? await this.store.getIds(toRead) : new Map<string, IdItem>();
    const found = new Map([...firstRound, ...secondRound]);

    return resolved.map((r, index): ReconcileResult => {
      const input = ids[index] as IdRef;
      const base = { namespace: input.namespace, value: input.value };
      if (!r.ok) return { ...base, recipientId: null, reason: r.reason, detail: r.detail };
      const recipientId = recipientIn(lookups(r), found) ?? recipientIn(second.get(index) ?? [], found);
      if (recipientId) return { ...base, recipientId };
      return { ...base, recipientId: null, reason: 'unknown', ...(r.address ? { address: r.address } : {}) };
    });
  }
}
