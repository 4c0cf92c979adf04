import type { DropInfo } from '../formats/index.ts';
import type { Partner } from './schemas.ts';

/**
 * The drop as its partner says to apply it: nothing in an AEP CSV tells a full export from an
 * incremental one, so the partner's `aepMode` decides (`full`: the file replaces the segment's
 * list, pending memberships included); absent or `incremental`, AEP files only add and remove.
 *
 * @example
 * withAepMode(info, { ...partner, aepMode: 'full' }).mode // 'full' for an aep-csv drop
 */
export function withAepMode(info: DropInfo, partner: Partner | undefined): DropInfo {
  if (info.format !== 'aep-csv' || partner?.aepMode !== 'full') return info;
  return { ...info, mode: 'full' };
}
