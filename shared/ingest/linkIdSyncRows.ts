import type { ParsedRecord } from '../formats/index.ts';
import { addError } from './addError.ts';
import type { BatchContext, PendingLine } from './BatchContext.ts';

/** A batch's ID-sync step: link the IDs of each `links` row; a refused row is an invalid line. */
export async function linkIdSyncRows(ctx: BatchContext, batch: PendingLine[]): Promise<void> {
  const { identity, counters } = ctx;
  const links = batch.filter((p) => p.record.kind === 'links');
  if (links.length === 0) return;
  const rows = await Promise.all(
    links.map((p) =>
      Promise.all(
        (p.record as Extract<ParsedRecord, { kind: 'links' }>).ids.map(async (id) => ({
          namespace: await ctx.resolve(id.namespace),
          value: id.value,
        })),
      ),
    ),
  );
  const outcome = await identity.link(rows, ctx.cause);
  counters.idLinks += outcome.linked;
  // A row with an ID its namespace refuses (say, not a hash for a SHA-256 source) is an invalid
  // line, as `inspect` counts it; its valid IDs may still have been linked.
  for (const refused of outcome.rejectedRows) {
    const pending = links[refused.row];
    if (!pending) continue;
    counters.lateInvalid++;
    addError(counters, pending.line, refused.reason);
    await ctx.rejected.write(pending.line, refused.reason, pending.raw);
  }
}
