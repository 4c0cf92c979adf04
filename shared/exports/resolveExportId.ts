import type { AesKey, DataSource, Governance } from '../datasources/types.ts';
import { AppError } from '../errors/index.ts';
import { aesCbcEncryptHex, globalNamespaceOf, hashDeclared, sha256Hex } from '../identifiers/index.ts';
import type { Member } from '../lists/types.ts';
import type { Recipient } from '../recipients/types.ts';

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** What one list member becomes in an export. */
export type ExportOutcome = { kind: 'id'; ids: string[] } | { kind: 'withoutId' } | { kind: 'suppressed' };

/** How IDs are written for one export: the data source, its current AES key, what must not leave. */
export interface IdPolicy {
  dataSource: DataSource;
  /** The data source's current AES key (aes-cbc sources only). */
  currentKey?: AesKey;
  /**
   * What the shared audience adds to its data source's governance (which always applies, stored
   * or inline export): a recipient either refuses is left out.
   */
  audience?: Governance;
}

function refuses(rule: Governance, recipient: Recipient): boolean {
  if (rule.purpose !== undefined) {
    const consent = recipient.consent?.[rule.purpose];
    if (rule.consent === 'opt-in' ? consent !== true : consent === false) return true;
  }
  const excluded = rule.excludedLabels;
  return excluded.length > 0 && Boolean(recipient.labels?.some((label) => excluded.includes(label)));
}

function isSuppressed(recipient: Recipient, policy: IdPolicy): boolean {
  if (refuses(policy.dataSource.governance, recipient)) return true;
  return policy.audience !== undefined && refuses(policy.audience, recipient);
}

/** The plain declared value of a recipient for the source's reconciliation key. */
function declaredValue(recipient: Recipient, key: string): string | undefined {
  if (key === 'email') return recipient.email;
  if (key === 'phone') return recipient.phone;
  if (key === 'recipientId') return recipient.recipientId;
  const value = recipient.attributes?.[key];
  return value === null || value === undefined || value === '' ? undefined : String(value);
}

/** A control character (newline, tab, NUL…): such a value would add or split rows of the file written. */
const CONTROL = /\p{Cc}/u;

function encode(value: string, kind: 'email' | 'phone' | 'other', policy: IdPolicy): string | undefined {
  const trimmed = value.trim();
  if (!trimmed || CONTROL.test(trimmed)) return undefined;
  switch (policy.dataSource.encoding) {
    case 'plain':
      return trimmed;
    case 'sha256':
      // FORMATS.md: email trim+lowercase, phone E.164, other keys trim+lowercase; then SHA-256.
      // A value that already is a SHA-256 (an attribute holding the hash) is never hashed again.
      if (SHA256_HEX.test(trimmed)) return trimmed.toLowerCase();
      if (kind === 'other') return sha256Hex(trimmed.toLowerCase());
      try {
        return hashDeclared(kind, trimmed);
      } catch (error) {
        // An email/phone that does not normalise has no valid hashed ID: counted as without ID.
        if (error instanceof AppError) return undefined;
        throw error;
      }
    case 'aes-cbc':
      return policy.currentKey ? aesCbcEncryptHex(trimmed, policy.currentKey) : undefined;
  }
}

function kindOfKey(key: string): 'email' | 'phone' | 'other' {
  return key === 'email' || key === 'phone' ? key : 'other';
}

/** A visitor source's namespace: a global DPID's device IDs (`20914` → `gaid`), else the ECIDs. */
function visitorNamespace(source: DataSource): string {
  return (source.dpid === undefined ? undefined : globalNamespaceOf(source.dpid)) ?? 'ecid';
}

/** The IDs as an outcome: deduplicated, in order; none is no ID. */
function idsOutcome(ids: readonly (string | undefined)[]): ExportOutcome {
  const unique = [...new Set(ids.filter((id): id is string => id !== undefined && !CONTROL.test(id)))];
  return unique.length > 0 ? { kind: 'id', ids: unique } : { kind: 'withoutId' };
}

/**
 * The IDs an export writes for one member (one row each), or why it writes none. Visitor sources
 * write every linked ID of their namespace (`ids.ecid`, or a global DPID's device IDs such as
 * `ids.gaid`), at most MAX_IDS_PER_NAMESPACE (20) as the identity store keeps them; declared
 * sources write the reconciliation key's value encoded as the source says (plain,
 * `hashDeclared`/SHA-256, AES-CBC with the current key), then every ID linked under the source's
 * own namespace (synced declared IDs, already in its encoding). An address-only member's address
 * is its declared value for an email/SMS source of its channel. Suppression (consent, labels) is
 * decided before any ID is computed. A value with a control character is no ID: it could add a row.
 *
 * @example
 * resolveExportId({ recipientId: 'r1' }, recipient, { dataSource: sha256EmailSource })
 * // → { kind: 'id', ids: ['55e79200…041149'] }
 */
export function resolveExportId(
  member: Member,
  recipient: Recipient | undefined,
  policy: IdPolicy,
): ExportOutcome {
  const source = policy.dataSource;
  if (member.recipientId) {
    // A membership whose recipient was erased since: nothing to key it by.
    if (!recipient) return { kind: 'withoutId' };
    if (isSuppressed(recipient, policy)) return { kind: 'suppressed' };
    if (source.kind === 'visitor') return idsOutcome(recipient.ids[visitorNamespace(source)] ?? []);
    const value = declaredValue(recipient, source.reconciliationKey);
    const id = value === undefined ? undefined : encode(value, kindOfKey(source.reconciliationKey), policy);
    return idsOutcome([id, ...(recipient.ids[source.name] ?? [])]);
  }
  if (member.address && source.kind === 'declared' && source.channel === (member.channel ?? 'email')) {
    return idsOutcome([encode(member.address, source.channel === 'sms' ? 'phone' : 'email', policy)]);
  }
  return { kind: 'withoutId' };
}
