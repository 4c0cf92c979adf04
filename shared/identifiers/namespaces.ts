/** The well-known namespaces (CONTRACT.md "Identifier namespaces"). */
export const WELL_KNOWN_NAMESPACES = [
  'ecid',
  'aam_uuid',
  'email',
  'email_sha256',
  'phone',
  'phone_sha256',
  'crm',
  'idfa',
  'gaid',
  'recipientId',
] as const;
export type WellKnownNamespace = (typeof WELL_KNOWN_NAMESPACES)[number];
