import { compareSegments } from '../formats/index.ts';
import { addReasons, type Receipt } from '../jobs/index.ts';
import type { RangeResult } from './DropRanges.ts';
import { emptyCounters } from './IngestCheckpoint.ts';
import { encodingWarnings } from './IngestRun.ts';
import { mergeErrors } from './mergeErrors.ts';

const SUMMED = [
  'linesRead',
  'recordsProcessed',
  'formatErrors',
  'invalidIds',
  'unmatchedIds',
  'pendingMemberships',
  'idLinks',
] as const;

/**
 * One receipt for a drop applied in ranges, as one run over the whole file would have counted
 * it: counters added, `segments` united in receipt order, `errors` the first 100 by line (line
 * numbers are the file's), the encoding warnings of the summed counts. The membership counts
 * are the commit's, set by the caller.
 */
export function sumRangeReceipts(results: readonly RangeResult[]): Receipt {
  const [first] = results;
  if (!first) throw new Error('a ranged drop has at least one range');
  const receipt: Receipt = { ...first.receipt, errors: [], unmatched: { ...first.receipt.unmatched } };
  for (const field of SUMMED) receipt[field] = 0;
  const segments = new Set<string>();
  const counters = emptyCounters();
  for (const { receipt: part, counters: own } of results) {
    for (const field of SUMMED) receipt[field] += part[field];
    for (const segment of part.segments) segments.add(segment);
    receipt.errors = mergeErrors(receipt.errors, part.errors);
    counters.hashedHere += own.hashedHere;
    counters.unmatched = addReasons(counters.unmatched, own.unmatched);
  }
  receipt.unmatched = results
    .slice(1)
    .reduce((sum, r) => addReasons(sum, r.receipt.unmatched), first.receipt.unmatched);
  receipt.segments = [...segments].sort(compareSegments);
  const { warnings: _, ...rest } = receipt;
  return { ...rest, ...encodingWarnings(counters) };
}
