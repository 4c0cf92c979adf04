import type { AesKey, DataSource, DataSourceStore } from '../datasources/index.ts';
import {
  aesCbcDecryptHex,
  globalNamespaceOf,
  type IdCheck,
  type IdRef,
  isNamespace,
  normaliseId,
  validationNamespace,
  WELL_KNOWN_NAMESPACES,
} from '../identifiers/index.ts';
import type { NamespaceRules } from './NamespaceRules.ts';
import type { Resolved } from './Resolved.ts';

const wellKnown = new Set<string>(WELL_KNOWN_NAMESPACES);
const DIRECT_KEYS = new Set(['email', 'phone', 'recipientId']);
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** A plain value checked by the recipient field it matches (email, phone, or opaque). */
function checkPlain(reconciliationKey: string, value: string): IdCheck {
  if (reconciliationKey === 'email' || reconciliationKey === 'phone')
    return normaliseId(reconciliationKey, value);
  return normaliseId('crm', value);
}

/**
 * Turns an `IdRef` into the keys reconcile and link use, applying the data sources: `dpid:<n>`
 * becomes the source with that DPID (or stays `dpid:<n>`; DPID 0 is `aam_uuid`); a declared ID is
 * normalised by its encoding and matched on its reconciliation key (hashed → `email_sha256`/
 * `phone_sha256`; encrypted → decrypted with the current key, then the previous one).
 *
 * @example
 * await resolver.resolve({ namespace: 'crm_email', value: 'a4e70c52…' })
 * // → { ok: true, key: { namespace: 'crm_email', value: 'a4e70c52…' }, candidates: [{ namespace: 'email', value: 'johndoe@example.com' }], address: … }
 */
export class IdResolver {
  constructor(private readonly sources: DataSourceStore) {}

  /**
   * The one namespace of a DPID, the same in segment files, ID-sync files, the API and exports:
   * `0` → `aam_uuid`; a global data source → its device namespace (`20914` → `gaid`); a declared
   * data source → its name; a visitor data source → `ecid`; else `dpid:<n>` (whose 38-digit values
   * are visitor IDs: `resolveWith` keys them as `ecid`, as `inspect` validates them).
   */
  async namespaceForDpid(dpid: number): Promise<string> {
    if (dpid === 0) return 'aam_uuid';
    const device = globalNamespaceOf(dpid);
    if (device) return device;
    const source = await this.sources.byDpid(dpid);
    if (!source) return `dpid:${dpid}`;
    return source.kind === 'declared' ? source.name : 'ecid';
  }

  async resolve(ref: IdRef): Promise<Resolved> {
    return this.resolveWith(await this.rulesFor(ref.namespace), ref.value);
  }

  /**
   * The rules of a namespace, looked up once for a batch of its IDs (`dpid:<n>` mapping, data
   * source, and an encrypted source's keys, fetched here even when no value needs them).
   */
  async rulesFor(refNamespace: string): Promise<NamespaceRules> {
    let namespace = refNamespace;
    const dpid = /^dpid:(\d{1,10})$/.exec(namespace)?.[1];
    if (dpid !== undefined) namespace = await this.namespaceForDpid(Number(dpid));
    const source =
      wellKnown.has(namespace) || namespace.startsWith('dpid:') || !isNamespace(namespace)
        ? undefined
        : await this.sources.get(namespace);
    if (!source) return { namespace, keys: [] };
    const encrypted = source.encoding !== 'sha256' && source.encoding !== 'plain';
    const keys = encrypted ? await this.sources.keys(source.name) : [];
    return { namespace, source, keys, aliases: await this.aliasesOf(source) };
  }

  /** `dpid:<n>` and the sources that held the DPID before: IDs synced under them are still found. */
  private async aliasesOf(source: DataSource): Promise<string[]> {
    const { dpid } = source;
    if (dpid === undefined) return [];
    const before = (await this.sources.list()).filter(
      (other) => other.name !== source.name && other.formerDpids?.includes(dpid),
    );
    return [`dpid:${dpid}`, ...before.map((other) => other.name)];
  }

  /**
   * `resolve` of one value with rules from `rulesFor`, without I/O. With `normalised`, the caller
   * vouches that `value` already is what `normaliseId(rules.namespace, ·)` accepted and returned
   * (ingest's receipt counter validated it under that namespace): it is not normalised again
   * (`normaliseId` is idempotent, so the result is the same either way).
   */
  resolveWith(rules: NamespaceRules, value: string, normalised = false): Resolved {
    const { source } = rules;
    // An unmapped DPID's visitor IDs are keyed as `ecid`, in every file kind alike.
    const namespace = rules.namespace.startsWith('dpid:')
      ? validationNamespace({ namespace: rules.namespace, value })
      : rules.namespace;
    let checked = value;
    if (!normalised) {
      const base = normaliseId(namespace, value);
      if (!base.ok) return base;
      checked = base.value;
    }
    if (!source) return { ok: true, key: { namespace, value: checked }, candidates: [] };
    const resolved = this.declaredKey(source, rules.keys, checked);
    // IDs synced under `dpid:<n>` before this source was defined for the DPID, or under the
    // source that held it before (a rename): still found.
    if (resolved.ok)
      for (const alias of rules.aliases ?? []) resolved.candidates.push({ namespace: alias, value: checked });
    return resolved;
  }

  private declaredKey(source: DataSource, keys: readonly AesKey[], value: string): Resolved {
    const key = source.reconciliationKey;
    if (source.encoding === 'sha256') {
      const hashedNamespace = key === 'email' || key === 'phone' ? `${key}_sha256` : 'declared_sha256';
      const plain = !SHA256_HEX.test(value);
      if (plain && source.unhashedValues === 'reject') {
        return { ok: false, reason: 'encodingMismatch', detail: 'expected a SHA-256 (64 hex digits)' };
      }
      const hashed = normaliseId(hashedNamespace, value);
      if (!hashed.ok) return hashed;
      const candidates =
        hashedNamespace === 'declared_sha256' ? [] : [{ namespace: hashedNamespace, value: hashed.value }];
      const resolved: Resolved = {
        ok: true,
        key: { namespace: source.name, value: hashed.value },
        candidates,
      };
      if (plain) resolved.hashedHere = true;
      return resolved;
    }
    if (source.encoding === 'plain') {
      const plain = checkPlain(key, value);
      if (!plain.ok) return plain;
      const candidates = DIRECT_KEYS.has(key) ? [{ namespace: key, value: plain.value }] : [];
      return { ok: true, key: { namespace: source.name, value: plain.value }, candidates };
    }
    if (!/^([0-9a-fA-F]{32})+$/.test(value)) {
      return { ok: false, reason: 'encodingMismatch', detail: 'expected hex of whole AES blocks' };
    }
    const hex = value.toLowerCase();
    for (const aes of keys) {
      const decrypted = aesCbcDecryptHex(hex, aes);
      if (decrypted === undefined) continue;
      const plain = checkPlain(key, decrypted);
      if (!plain.ok) continue;
      const resolved: Resolved = {
        ok: true,
        key: { namespace: source.name, value: hex },
        candidates: DIRECT_KEYS.has(key) ? [{ namespace: key, value: plain.value }] : [],
      };
      // Channel "other" never yields an address; force reconciliation drops unmatched IDs instead.
      if (!source.forceReconciliation && source.channel !== 'other') {
        const address = normaliseId(source.channel === 'email' ? 'email' : 'phone', decrypted);
        if (address.ok) resolved.address = { address: address.value, channel: source.channel };
      }
      return resolved;
    }
    return {
      ok: false,
      reason: 'encodingMismatch',
      detail: 'expected a value encrypted with the data source key',
    };
  }
}
