import { isNamespace } from '../identifiers/index.ts';

/**
 * AEP identity-namespace columns (flattened header names, matched case-insensitively) and their
 * namespaces, in the order a row's ID is chosen: the first non-empty one wins. Declared IDs come
 * first because they reconcile to a recipient directly; the ECID and device IDs need an identity link.
 */
export const AEP_IDENTITY_COLUMNS: ReadonlyArray<readonly [column: string, namespace: string]> = [
  ['CRMID', 'crm'],
  ['Email', 'email'],
  ['Email_LC_SHA256', 'email_sha256'],
  ['Phone_SHA256', 'phone_sha256'],
  ['Phone', 'phone'],
  ['ECID', 'ecid'],
  ['IDFA', 'idfa'],
  ['GAID', 'gaid'],
];

/**
 * XDM profile attributes read as declared IDs (FORMATS.md "AEP batch export"): real destination
 * exports often carry these instead of namespace columns.
 */
export const AEP_ATTRIBUTE_COLUMNS: ReadonlyArray<readonly [column: string, namespace: string]> = [
  ['personalEmail_address', 'email'],
  ['workEmail_address', 'email'],
  ['mobilePhone_number', 'phone'],
  ['homePhone_number', 'phone'],
  ['workPhone_number', 'phone'],
];

const NAMESPACE_OF = new Map(
  [...AEP_IDENTITY_COLUMNS, ...AEP_ATTRIBUTE_COLUMNS].map(([column, namespace]) => [
    column.toLowerCase(),
    namespace,
  ]),
);
const RANK = new Map(AEP_IDENTITY_COLUMNS.map(([, namespace], index) => [namespace, index]));
/** A namespace of the partner's own (a data source's name) ranks with the declared IDs, before the ECID. */
const OWN_NAMESPACE_RANK = (RANK.get('ecid') ?? 0) - 0.5;
/** `identityMap_<NAMESPACE>_id` or `identityMap_<NAMESPACE>_0_id`, flattened and lowercased. */
const IDENTITY_MAP = /^identitymap_(.+?)(?:_0)?_id$/;

/** One identity column of a header: its index and the namespace its values are read in. */
export interface AepIdentityColumn {
  index: number;
  namespace: string;
}

/**
 * The identity columns of an AEP header (names flattened: `.` read as `_`, compared
 * case-insensitively), in the order a row's ID is chosen: by namespace (CRM ID, email, hashed
 * email, hashed phone, phone, a partner namespace, ECID, IDFA, GAID), then left to right. Reads the
 * namespace columns, the XDM attributes (`personalEmail_address` → email, `mobilePhone_number` →
 * phone, …) and `identityMap_<NAMESPACE>[_0]_id` (the namespace named, or a data source's name).
 *
 * @example
 * aepIdentityColumns(['person_name_firstName', 'personalEmail.address', 'identityMap_ECID_0_id'])
 * // [{ index: 1, namespace: 'email' }, { index: 2, namespace: 'ecid' }]
 */
export function aepIdentityColumns(names: readonly string[]): AepIdentityColumn[] {
  const found: Array<AepIdentityColumn & { rank: number }> = [];
  names.forEach((name, index) => {
    const flat = name.trim().replaceAll('.', '_').toLowerCase();
    const mapped = IDENTITY_MAP.exec(flat)?.[1];
    const namespace =
      NAMESPACE_OF.get(mapped ?? flat) ?? (mapped && isNamespace(mapped) ? mapped : undefined);
    if (namespace === undefined || namespace === 'recipientId') return;
    found.push({ index, namespace, rank: RANK.get(namespace) ?? OWN_NAMESPACE_RANK });
  });
  found.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return found.map(({ index, namespace }) => ({ index, namespace }));
}
