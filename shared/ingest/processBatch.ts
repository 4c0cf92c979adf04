import { applyMemberships } from './applyMemberships.ts';
import type { BatchContext, PendingLine } from './BatchContext.ts';
import { linkIdSyncRows } from './linkIdSyncRows.ts';
import { loadRecipients } from './loadRecipients.ts';

/**
 * One batch: reconcile its membership IDs, turn them into per-list ops, write them; link ID-sync
 * rows; load recipients. `write` false (a resumed run re-reading done lines) only rebuilds the
 * `full` seen-sets: no writes, no counting (the checkpoint has the counts).
 */
export async function processBatch(ctx: BatchContext, batch: PendingLine[], write: boolean): Promise<void> {
  const full = ctx.info.mode === 'full' || ctx.info.mode === 'overwrite';
  if (!write && !full) return;
  await applyMemberships(ctx, batch, write);
  if (!write) return;
  await linkIdSyncRows(ctx, batch);
  await loadRecipients(ctx, batch);
}
