export { aesCbcDecryptHex } from './aesCbcDecryptHex.ts';
export { aesCbcEncryptHex } from './aesCbcEncryptHex.ts';
export { blockedReason } from './blockedReason.ts';
export {
  DEVICE_NAMESPACES,
  type DeviceNamespace,
  GLOBAL_DATA_SOURCES,
  globalDpidOf,
  globalNamespaceOf,
} from './globalDataSources.ts';
export { hashDeclared } from './hashDeclared.ts';
export type { IdCheck } from './IdCheck.ts';
export { isNamespace } from './isNamespace.ts';
export { MAX_ID_BYTES } from './limits.ts';
export { WELL_KNOWN_NAMESPACES, type WellKnownNamespace } from './namespaces.ts';
export { normaliseEmail } from './normaliseEmail.ts';
export { normaliseId } from './normaliseId.ts';
export { normalisePhone } from './normalisePhone.ts';
export { sha256Hex } from './sha256Hex.ts';
export type { IdRef } from './types.ts';
export { validationNamespace } from './validationNamespace.ts';
