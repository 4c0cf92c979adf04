import type { Member } from '../lists/types.ts';
import type { Recipient } from '../recipients/types.ts';
import { memberKey } from './memberKey.ts';
import { type IdPolicy, resolveExportId } from './resolveExportId.ts';

/** What a batch of members becomes: the IDs to write per member, and those left out. */
export interface ResolvedBatch {
  /** Members with IDs the partner knows, by member key. */
  withId: Array<{ key: string; ids: string[] }>;
  /** Recipient IDs of members without such an ID (reported under `receipts/`). */
  missing: string[];
  withoutId: number;
  suppressed: number;
}

/**
 * Resolve: each member's IDs for the partner under the export's policy (pure; the recipients are
 * read by the caller, 100 at a time).
 *
 * @example
 * resolveBatch([{ recipientId: 'r-1' }], new Map([['r-1', recipient]]), policy)
 * // → { withId: [{ key: 'r#r-1', ids: ['…'] }], missing: [], withoutId: 0, suppressed: 0 }
 */
export function resolveBatch(
  members: readonly Member[],
  recipients: ReadonlyMap<string, Recipient>,
  policy: IdPolicy,
): ResolvedBatch {
  const out: ResolvedBatch = { withId: [], missing: [], withoutId: 0, suppressed: 0 };
  for (const member of members) {
    const recipient = member.recipientId ? recipients.get(member.recipientId) : undefined;
    const outcome = resolveExportId(member, recipient, policy);
    const key = memberKey(member);
    if (outcome.kind === 'suppressed') out.suppressed += 1;
    else if (outcome.kind === 'withoutId' || !key) {
      out.withoutId += 1;
      if (member.recipientId) out.missing.push(member.recipientId);
    } else out.withId.push({ key, ids: outcome.ids });
  }
  return out;
}
