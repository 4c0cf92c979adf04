import type { BatchContext, PendingLine } from './BatchContext.ts';
import { linkIdSyncRows } from './linkIdSyncRows.ts';
import { loadRecipients } from './loadRecipients.ts';
import { membershipOps } from './membershipOps.ts';

/**
 * Runs a drop's batches in order, overlapping two of them: while one batch's member writes are in
 * flight, the next batch is reconciled (its reads) — on DynamoDB each step is mostly waiting, so
 * the overlap hides one behind the other. Each list still sees the batches' ops in file order (a
 * batch's writes start only after the previous batch's finished), and reconcile never reads what
 * member writes change. ID-sync links and recipient rows are written before `push` returns, so the
 * next batch reconciles against them.
 *
 * @example
 * const pipeline = new BatchPipeline(context);
 * await pipeline.push(batch, true);
 * await pipeline.drain(); // before a checkpoint, the commit, or any clean-up after an error
 */
export class BatchPipeline {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: BatchContext) {}

  /**
   * Reconciles a batch and starts its member writes; `write` false (a resumed run re-reading done
   * lines) only opens the lists a `full` file names: no writes, no counting. Rejects with the previous
   * batch's write error, if it had one.
   */
  async push(batch: PendingLine[], write: boolean): Promise<void> {
    const full = this.ctx.info.mode === 'full' || this.ctx.info.mode === 'overwrite';
    if (!write && !full) return;
    const ops = await membershipOps(this.ctx, batch, write);
    await this.writing;
    if (ops) {
      this.writing = this.ctx.applier.apply(ops, write);
      // Handled here so a failure while the next batch reconciles is not an unhandled rejection;
      // it still rejects the next `push` or `drain`.
      this.writing.catch(() => undefined);
    }
    if (!write) return;
    await linkIdSyncRows(this.ctx, batch);
    await loadRecipients(this.ctx, batch);
  }

  /** Waits until no write is in flight; rejects with a write's error. */
  async drain(): Promise<void> {
    const writing = this.writing;
    this.writing = Promise.resolve();
    await writing;
  }
}
