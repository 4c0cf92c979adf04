import type { IdRef } from '../identifiers/index.ts';
import type { IdentityStore } from './IdentityStore.ts';
import type { IdItem } from './IdItem.ts';
import type { IdResolver } from './IdResolver.ts';
import type { NamespaceRules } from './NamespaceRules.ts';
import type { ReconcileOptions, ReconcileResult, Reconciler } from './Reconciler.ts';
import type { Resolved } from './Resolved.ts';
import { refKey } from './refKey.ts';

type Ok = Extract<Resolved, { ok: true }>;

/** The item keys (`refKey`) an ID is looked up by: its own, then its candidates'. */
function lookupKeys(r: Ok): string[] {
  const keys = [refKey(r.key)];
  for (const candidate of r.candidates) keys.push(refKey(candidate));
  return keys;
}

function recipientIn(keys: readonly string[], found: ReadonlyMap<string, IdItem>): string | undefined {
  for (const key of keys) {
    const id = found.get(key)?.recipientId;
    if (id) return id;
  }
  return undefined;
}

/**
 * The one reconcile function (API and ingest): results in input order, in at most two BatchGetItem
 * rounds plus retries. Round 1 reads each ID's own item and its index keys (a hashed or decrypted
 * declared ID's email/phone); round 2 reads the IDs linked to those still unresolved, with their
 * index keys. Never one request per ID: each distinct key is read once, so requests are full.
 * Each distinct namespace is looked up once per call; the IDs themselves resolve without I/O.
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

  async reconcile(ids: readonly IdRef[], options: ReconcileOptions = {}): Promise<ReconcileResult[]> {
    const rules = new Map<string, NamespaceRules>();
    const rulesOf = async (namespace: string): Promise<NamespaceRules> => {
      let found = rules.get(namespace);
      if (!found) {
        found = await this.resolver.rulesFor(namespace);
        rules.set(namespace, found);
      }
      return found;
    };
    for (const ref of ids) if (!rules.has(ref.namespace)) await rulesOf(ref.namespace);
    const normalised = options.normalised;
    const resolved = ids.map((ref, index) =>
      this.resolver.resolveWith(
        rules.get(ref.namespace) as NamespaceRules,
        ref.value,
        normalised?.[index] === true,
      ),
    );
    const keysOf = resolved.map((r) => (r.ok ? lookupKeys(r) : undefined));
    const firstKeys = new Set<string>();
    for (const keys of keysOf) if (keys) for (const key of keys) firstKeys.add(key);
    const firstRound = await this.store.getIdsByKey([...firstKeys]);

    const second = new Map<number, string[]>();
    const linkedKeys = new Map<string, string[] | undefined>();
    for (let index = 0; index < resolved.length; index++) {
      const keys = keysOf[index];
      if (!keys || recipientIn(keys, firstRound)) continue;
      const linked: IdRef[] = [];
      for (const key of keys) for (const ref of firstRound.get(key)?.linked ?? []) linked.push(ref);
      if (linked.length === 0) continue;
      const refs: string[] = [];
      for (const ref of linked) {
        const key = refKey(ref);
        if (!linkedKeys.has(key)) {
          const lr = this.resolver.resolveWith(await rulesOf(ref.namespace), ref.value);
          linkedKeys.set(key, lr.ok ? lookupKeys(lr) : undefined);
        }
        for (const k of linkedKeys.get(key) ?? []) refs.push(k);
      }
      second.set(index, refs);
    }
    const toRead = new Set<string>();
    for (const refs of second.values()) for (const key of refs) if (!firstKeys.has(key)) toRead.add(key);
    const found =
      toRead.size > 0 ? new Map([...firstRound, ...(await this.store.getIdsByKey([...toRead]))]) : firstRound;

    return resolved.map((r, index): ReconcileResult => {
      const { namespace, value } = ids[index] as IdRef;
      const forced = rules.get(namespace)?.source?.forceReconciliation === true;
      if (!r.ok) {
        const reason = r.reason === 'encodingMismatch' && forced ? 'forced' : r.reason;
        return { namespace, value, recipientId: null, reason, detail: r.detail };
      }
      const keys = keysOf[index] ?? [];
      const recipientId =
        recipientIn(keys, found) ??
        (second.size > 0 ? recipientIn(second.get(index) ?? [], found) : undefined);
      const result: ReconcileResult = { namespace, value, recipientId: recipientId ?? null };
      if (r.hashedHere) result.hashedHere = true;
      if (recipientId) return result;
      result.reason = forced ? 'forced' : keys.some((key) => found.has(key)) ? 'noRecipient' : 'unknown';
      result.lookupKeys = keys;
      if (r.address) result.address = r.address;
      return result;
    });
  }
}
