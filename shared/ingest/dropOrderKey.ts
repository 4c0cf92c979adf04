import { detectDrop } from '../formats/index.ts';

/** Where a drop stands in its destination's sequence: which sequence, and when. */
export interface DropOrderKey {
  /** Folder and file name without its kind, timestamp, split and extension (`inbound/S3_1234_55555`). */
  family: string;
  /** The name's timestamp, ms. */
  timestamp: number;
}

/**
 * The ordering key of a drop from its name alone, or undefined when the name has no timestamp
 * (generic CSV/NDJSON, recipient loads): those are not ordered. Drops of one family go to the
 * same destination (AAM outbound `SYNC_DID_MASTERDPID[_ALIAS]` for both `iter` and `full`, AAM
 * inbound `ftp_dpm_DPID[_TARGET]`, AEP `<destination>_segment<ID>`), so their name timestamps
 * say in which order the partner meant them to be applied.
 *
 * @example
 * dropOrderKey('inbound/S3_1234_55555_full_1486140844000.sync.gz');
 * // → { family: 'inbound/S3_1234_55555', timestamp: 1486140844000 }
 */
export function dropOrderKey(key: string): DropOrderKey | undefined {
  // A neutral first line: only the name matters here (a name-less format is not ordered).
  const info = detectDrop(key, Buffer.from('x\n'));
  if ('error' in info || info.timestamp === undefined) return undefined;
  const folder = key.slice(0, key.lastIndexOf('/') + 1);
  const family = info.dropName.replace(/(_iter|_full)?_\d{10,14}(\D.*)?$/, '');
  if (family === info.dropName) return undefined;
  return { family: `${folder}${family}`, timestamp: info.timestamp };
}
