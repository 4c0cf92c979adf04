import { MAX_RECEIPT_ERRORS } from '../jobs/index.ts';
import type { PipelineCounters } from './IngestCheckpoint.ts';

/** Records a line's error for the receipt while fewer than `MAX_RECEIPT_ERRORS` are kept. */
export function addError(counters: PipelineCounters, line: number, reason: string): void {
  if (counters.errors.length < MAX_RECEIPT_ERRORS) counters.errors.push({ line, reason });
}
