/** The versioned attributes of a member item. */
export interface VersionedItem {
  from: number;
  until?: number;
}

/** True when the item is a member as of `version`: added at or before it, not removed by then. */
export function isVisible(item: VersionedItem | undefined, version: number): boolean {
  if (!item) return false;
  return item.from <= version && (item.until === undefined || item.until > version);
}

/**
 * How an item differs between the committed version `v` and the pending one `p`:
 * `A` added by the pending write, `R` removed by it, `N` no change. Counters are counts of A and R,
 * so they are a function of the stored state alone (what makes a resumed run count exactly).
 */
export type ChangeClass = 'A' | 'R' | 'N';

export function changeClass(item: VersionedItem | undefined, v: number, p: number): ChangeClass {
  const before = isVisible(item, v);
  const after = isVisible(item, p);
  if (!before && after) return 'A';
  if (before && !after) return 'R';
  return 'N';
}
