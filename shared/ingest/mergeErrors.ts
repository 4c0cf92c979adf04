import { MAX_RECEIPT_ERRORS, type Receipt } from '../jobs/index.ts';

/** Both lists of receipt errors in line order, capped at `MAX_RECEIPT_ERRORS`. */
export function mergeErrors(a: Receipt['errors'], b: Receipt['errors']): Receipt['errors'] {
  return [...a, ...b].sort((x, y) => x.line - y.line).slice(0, MAX_RECEIPT_ERRORS);
}
