import type { StoredList } from './ListStore.ts';
import type { ListMeta } from './types.ts';

/** The API shape of a list (no writer bookkeeping, no history: it has its own route). */
export function publicMeta(list: StoredList): ListMeta {
  const {
    version: _v,
    lastFullTimestamp: _t,
    lastPending: _p,
    writer: _w,
    abandoned: _a,
    history: _h,
    ...meta
  } = list;
  return meta;
}
