import type { StoredList } from './ListStore.ts';
import type { ListMeta } from './types.ts';

/** The API shape of a list (no writer bookkeeping). */
export function publicMeta(list: StoredList): ListMeta {
  const { version: _version, lastFullTimestamp: _last, ...meta } = list;
  return meta;
}
