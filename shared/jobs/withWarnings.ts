import { jobWarnings } from './jobWarnings.ts';
import type { Receipt } from './Receipt.ts';

/**
 * The receipt of a finished job with `jobWarnings` added to the warnings it already carries
 * (each once, so applying it twice changes nothing).
 *
 * @example
 * const final = withWarnings(receipt); // final.warnings: ['applied nothing: none of the 3 valid IDs matched a recipient; mostly unknownId (3)']
 */
export function withWarnings(receipt: Receipt): Receipt {
  const found = jobWarnings(receipt);
  if (found.length === 0) return receipt;
  const warnings = [...new Set([...(receipt.warnings ?? []), ...found])];
  return { ...receipt, warnings };
}
