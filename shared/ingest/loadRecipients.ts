import type { ParsedRecord } from '../formats/index.ts';
import type { RecipientRecord } from '../recipients/schemas.ts';
import { addError } from './addError.ts';
import type { BatchContext, PendingLine } from './BatchContext.ts';

/** A batch's recipient step: store its recipient rows; a refused row is an invalid line. */
export async function loadRecipients(ctx: BatchContext, batch: PendingLine[]): Promise<void> {
  const { identity, counters } = ctx;
  const recipients = batch.filter((p) => p.record.kind === 'recipient');
  if (recipients.length === 0) return;
  const records: RecipientRecord[] = recipients.map((p) => {
    const r = p.record as Extract<ParsedRecord, { kind: 'recipient' }>;
    return {
      recipientId: r.recipientId,
      ...(r.email !== undefined ? { email: r.email } : {}),
      ...(r.phone !== undefined ? { phone: r.phone } : {}),
      ...(Object.keys(r.attributes).length > 0 ? { attributes: r.attributes } : {}),
    };
  });
  const outcome = await identity.recipients.putMany(records, ctx.cause);
  for (const refused of outcome.errors) {
    const pending = recipients[refused.index];
    if (!pending) continue;
    const reason = `${refused.field}: ${refused.reason} (${refused.detail})`;
    counters.lateInvalid++;
    addError(counters, pending.line, reason);
    await ctx.rejected.write(pending.line, reason, pending.raw);
  }
}
