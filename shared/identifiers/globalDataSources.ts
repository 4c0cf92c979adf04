/**
 * Audience Manager's global data sources (FORMATS.md "AAM global data sources"): shared DPIDs every
 * AAM customer uses for device advertising IDs. A file keyed by one of them carries that kind of
 * ID, never ECIDs, so each DPID maps to its own device namespace wherever a DPID is read.
 */
export const GLOBAL_DATA_SOURCES = {
  20914: 'gaid',
  20915: 'idfa',
  121963: 'roku_rida',
  389146: 'microsoft_maid',
  963906: 'samsung_tifa',
  488258: 'firetv_afai',
  1171485: 'lg_ifa',
  1171489: 'vizio_ifa',
} as const satisfies Record<number, string>;

/** A device namespace of a global data source (`gaid`, `idfa`, `roku_rida`, …). */
export type DeviceNamespace = (typeof GLOBAL_DATA_SOURCES)[keyof typeof GLOBAL_DATA_SOURCES];

/** The device namespaces, in DPID order. */
export const DEVICE_NAMESPACES: readonly DeviceNamespace[] = Object.values(GLOBAL_DATA_SOURCES);

/**
 * The device namespace of a global DPID, or `undefined` for any other DPID.
 *
 * @example
 * globalNamespaceOf(20914) // 'gaid'
 * globalNamespaceOf(163) // undefined
 */
export function globalNamespaceOf(dpid: number): DeviceNamespace | undefined {
  return (GLOBAL_DATA_SOURCES as Record<number, DeviceNamespace>)[dpid];
}

/**
 * The global DPID of a device namespace (names an export of device IDs: `ftp_dpm_20914_<owner>_…`).
 *
 * @example
 * globalDpidOf('idfa') // 20915
 */
export function globalDpidOf(namespace: string): number | undefined {
  for (const [dpid, name] of Object.entries(GLOBAL_DATA_SOURCES)) if (name === namespace) return Number(dpid);
  return undefined;
}
