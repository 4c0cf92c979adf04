import type { HistoryPoint, StoredList } from './ListStore.ts';

/** The partition of the lists' meta items: all lists are one Query. */
export const LISTS_PK = 'LISTS';

/** The key of a list's meta item (`pk=LISTS, sk=<listId>`). */
export const listRecordKey = (listId: string) => ({ pk: LISTS_PK, sk: listId });

function numbers(value: unknown): Set<number> {
  if (value instanceof Set || Array.isArray(value)) return new Set([...value].map(Number));
  return new Set();
}

/** A stored list item, parsed (the number set `abandoned` comes back as a `Set`). */
export function toStored(item: Record<string, unknown>): StoredList {
  const version = Number(item.version ?? 0);
  return {
    listId: String(item.sk),
    name: String(item.name),
    source: String(item.source),
    ...(item.segmentId !== undefined ? { segmentId: String(item.segmentId) } : {}),
    size: Number(item.size ?? 0),
    updatedAt: String(item.updatedAt),
    version,
    ...(item.lastFullTimestamp !== undefined ? { lastFullTimestamp: Number(item.lastFullTimestamp) } : {}),
    // Lists written before pending versions were handed out by a counter start it at `version`.
    lastPending: Math.max(Number(item.seq ?? 0), version),
    ...(item.writer !== undefined ? { writer: Number(item.writer) } : {}),
    abandoned: numbers(item.abandoned),
    ...(Array.isArray(item.history) ? { history: item.history.flatMap(historyPoint) } : {}),
  };
}

/** Points of match-rate history kept per list. */
export const MAX_HISTORY_POINTS = 100;

/** A stored history point, parsed (anything else is dropped). */
function historyPoint(raw: unknown): HistoryPoint[] {
  const p = raw as Partial<HistoryPoint> | null;
  if (typeof p?.at !== 'string' || typeof p.size !== 'number' || typeof p.matchRate !== 'number') return [];
  return [{ at: p.at, size: p.size, matchRate: p.matchRate }];
}
