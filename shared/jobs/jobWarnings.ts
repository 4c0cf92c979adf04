import { type Receipt, UNMATCHED_REASONS } from './Receipt.ts';

/** What a receipt changed: memberships, ID links, and for a recipients load each upserted row. */
function changesApplied(receipt: Receipt): number {
  const upserts = receipt.format === 'recipients-csv' ? receipt.recordsProcessed : 0;
  return receipt.membershipsAdded + receipt.membershipsRemoved + receipt.idLinks + upserts;
}

/**
 * Why a finished job applied nothing, in words an operator can act on. A partner file that
 * matches nobody otherwise looks like a success; these strings make it visible in the receipt,
 * in `audience-bridge job ID` and (through `ZeroMatchDrops`) in an alarm. Counts only, never
 * personal data. The exact strings are listed in `docs/operations.md` "Warnings".
 *
 * @example
 * receipt.warnings = jobWarnings(receipt);
 * // ['applied nothing: none of the 120 valid IDs matched a recipient; mostly unknownId (120)']
 */
export function jobWarnings(receipt: Receipt): string[] {
  if (receipt.skipped === 'duplicate' || (receipt.duplicate && !receipt.skipped)) {
    return ['skipped: this object (same key and ETag) was applied before; nothing changed'];
  }
  if (receipt.skipped === 'stale') {
    return ['skipped: stale full file; a newer full file for the same list was applied before'];
  }
  if (receipt.skipped === 'import-disabled') {
    return ["skipped: import is disabled for the file's data source; nothing applied"];
  }
  if (receipt.linesRead === 0 || changesApplied(receipt) > 0) return [];
  if (receipt.recordsProcessed === 0) {
    return [
      `applied nothing: all ${receipt.linesRead} lines were rejected ` +
        `(${receipt.formatErrors} format errors, ${receipt.invalidIds} invalid IDs)`,
    ];
  }
  if (receipt.unmatchedIds >= receipt.recordsProcessed) {
    return [
      `applied nothing: none of the ${receipt.recordsProcessed} valid IDs matched a recipient${dominantReason(receipt)}`,
    ];
  }
  return [
    `applied nothing: all ${receipt.recordsProcessed - receipt.unmatchedIds} matched records were ` +
      'already in place (already members, or already absent); nothing changed',
  ];
}

/** `; mostly <reason> (<n>)`: the unmatched reason with the most IDs, when the receipt splits them. */
function dominantReason(receipt: Receipt): string {
  const split = receipt.unmatched;
  if (!split) return '';
  let top: (typeof UNMATCHED_REASONS)[number] | undefined;
  for (const reason of UNMATCHED_REASONS) if (split[reason] > (top ? split[top] : 0)) top = reason;
  return top ? `; mostly ${top} (${split[top]})` : '';
}
