import { DEVICE_NAMESPACES } from './globalDataSources.ts';

/**
 * The well-known namespaces (CONTRACT.md "Identifier namespaces"), with the device namespaces of
 * AAM's global data sources (`globalDataSources.ts`): `gaid`, `idfa`, `roku_rida`, … .
 */
export const WELL_KNOWN_NAMESPACES = [
  'ecid',
  'aam_uuid',
  'email',
  'email_sha256',
  'phone',
  'phone_sha256',
  'crm',
  'recipientId',
  ...DEVICE_NAMESPACES,
] as const;
export type WellKnownNamespace = (typeof WELL_KNOWN_NAMESPACES)[number];
