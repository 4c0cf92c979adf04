/** The versioned attributes of a member item. */
export interface VersionedItem {
  from: number;
  until?: number;
}

/**
 * Pending versions that never took effect: given up (`abort`) or taken over from a writer that lost
 * its lease. Their items are ignored wherever they lie, so a late write of a fenced-off writer
 * (a member put cannot be conditional) changes nothing readers see.
 */
export type Abandoned = ReadonlySet<number>;

const NONE: Abandoned = new Set();

/** True when a removal took effect by `version`: marked by a version at or before it that counts. */
export function isRemoved(item: VersionedItem, version: number, abandoned: Abandoned = NONE): boolean {
  return item.until !== undefined && item.until <= version && !abandoned.has(item.until);
}

/** True when the item is a member as of `version`: added at or before it, not removed by then. */
export function isVisible(
  item: VersionedItem | undefined,
  version: number,
  abandoned: Abandoned = NONE,
): boolean {
  if (!item) return false;
  return item.from <= version && !abandoned.has(item.from) && !isRemoved(item, version, abandoned);
}

/**
 * How an item differs between the committed version `v` and the pending one `p`:
 * `A` added by the pending write, `R` removed by it, `N` no change. Counters are counts of A and R,
 * so they are a function of the stored state alone (what makes a resumed run count exactly).
 */
export type ChangeClass = 'A' | 'R' | 'N';

export function changeClass(
  item: VersionedItem | undefined,
  v: number,
  p: number,
  abandoned: Abandoned = NONE,
): ChangeClass {
  const before = isVisible(item, v, abandoned);
  const after = isVisible(item, p, abandoned);
  if (!before && after) return 'A';
  if (before && !after) return 'R';
  return 'N';
}
