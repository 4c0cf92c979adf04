import type { PendingMembership, PendingStore } from '../pending/index.ts';

/** How long a pending membership waits for its ID to match (issue 16.3: 30 days). */
export const PENDING_TTL_MS = 30 * 24 * 3_600_000;

/**
 * One batch's pending memberships (issue 16.3): the adds of IDs that matched nobody, kept under
 * each of the ID's lookup keys, and the removals that forget them (an `iter` removal of a pending
 * ID). The last change of a `(key, list)` in the batch wins, as list ops do; `write` sends them as
 * two batched streams (puts, deletes), so a batch costs a few BatchWrite requests, never one per ID.
 *
 * @example
 * const batch = new PendingBatch(store, { ts: info.timestamp, exp: now + PENDING_TTL_MS });
 * batch.keep(['ID#dpid:7001#P-9'], 'aam.71');
 * const kept = await batch.write(); // 1
 */
export class PendingBatch {
  private readonly changes = new Map<string, { key: string; listId: string; keys?: readonly string[] }>();

  constructor(
    private readonly store: PendingStore,
    private readonly stamp: { ts: number; exp: number },
  ) {}

  /** The ID (by its lookup keys) waits to join the list. */
  keep(keys: readonly string[], listId: string): void {
    for (const key of keys) this.changes.set(`${key}\n${listId}`, { key, listId, keys });
  }

  /** The ID no longer waits for the list. */
  forget(keys: readonly string[], listId: string): void {
    for (const key of keys) this.changes.set(`${key}\n${listId}`, { key, listId });
  }

  /** Writes the batch's changes; returns how many memberships it keeps pending (per ID and list). */
  async write(): Promise<number> {
    const puts: PendingMembership[] = [];
    const deletes: Array<{ key: string; listId: string }> = [];
    let kept = 0;
    for (const { key, listId, keys } of this.changes.values()) {
      if (!keys) {
        deletes.push({ key, listId });
        continue;
      }
      puts.push({ key, listId, keys, ...this.stamp });
      if (key === keys[0]) kept++;
    }
    await Promise.all([
      puts.length > 0 ? this.store.put(puts) : undefined,
      deletes.length > 0 ? this.store.remove(deletes) : undefined,
    ]);
    return kept;
  }
}
