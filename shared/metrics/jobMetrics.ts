import type { Job } from '../jobs/Job.ts';
import { jobWarnings } from '../jobs/jobWarnings.ts';
import type { JobMetric } from './JobMetric.ts';
import { METRIC_NAMES as N } from './metricNames.ts';

const count = (name: JobMetric['name'], value: number): JobMetric => ({ name, unit: 'Count', value });

/** Milliseconds from creation to the last update of a finished job; undefined while it runs. */
function durationMs(job: Job): number | undefined {
  if (job.status !== 'succeeded' && job.status !== 'failed') return undefined;
  const ms = Date.parse(job.updatedAt) - Date.parse(job.createdAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

function ingestMetrics(job: Job): JobMetric[] {
  const r = job.receipt;
  const rejected = r.formatErrors + r.invalidIds;
  const matched = Math.max(0, r.recordsProcessed - r.unmatchedIds);
  const zeroMatch = job.status === 'succeeded' && !r.skipped && !r.duplicate && jobWarnings(r).length > 0;
  const metrics: JobMetric[] = [
    count(N.DropsReceived, 1),
    count(N.LinesRead, r.linesRead),
    count(N.RecordsProcessed, r.recordsProcessed),
    count(N.RecordsRejected, rejected),
    count(N.FormatErrors, r.formatErrors),
    count(N.InvalidIds, r.invalidIds),
    count(N.RecordsMatched, matched),
    count(N.UnmatchedIds, r.unmatchedIds),
    count(N.MembershipsAdded, r.membershipsAdded),
    count(N.MembershipsRemoved, r.membershipsRemoved),
    count(N.ZeroMatchDrops, zeroMatch ? 1 : 0),
  ];
  // Rates only where they are defined: an empty denominator would publish a misleading 0.
  if (r.recordsProcessed > 0) {
    metrics.push({ name: N.MatchRate, unit: 'None', value: matched / r.recordsProcessed });
  }
  if (r.linesRead > 0) {
    metrics.push({ name: N.RejectionRate, unit: 'None', value: rejected / r.linesRead });
  }
  if (job.source?.size !== undefined) {
    metrics.push({ name: N.BytesRead, unit: 'Bytes', value: job.source.size });
  }
  return metrics;
}

function exportMetrics(job: Job): JobMetric[] {
  const r = job.receipt;
  const metrics = [
    count(N.RecordsWritten, r.recordsWritten ?? 0),
    count(N.RecordsWithoutId, r.recordsWithoutId ?? 0),
    count(N.RecordsSuppressed, r.recordsSuppressed ?? 0),
  ];
  // Only on success, as metricNames.ts specifies: the overdue alarm is built on that.
  if (job.status === 'succeeded') metrics.push(count(N.ExportsSucceeded, 1));
  return metrics;
}

function deliveryMetrics(job: Job): JobMetric[] {
  return [
    count(N.DeliveriesFailed, job.status === 'failed' ? 1 : 0),
    { name: N.BytesDelivered, unit: 'Bytes', value: job.receipt.delivery?.bytes ?? 0 },
  ];
}

const METRICS_OF: Partial<Record<Job['type'], (job: Job) => JobMetric[]>> = {
  ingest: ingestMetrics,
  export: exportMetrics,
  deliver: deliveryMetrics,
};

/**
 * The metrics of one finished job, as plain data (no emitter, no clock): ingest jobs give rows
 * read/processed/rejected (by reason)/matched/unmatched, membership changes, `MatchRate`
 * (matched ÷ processed, 0..1), `RejectionRate` ((format errors + invalid IDs) ÷ lines read, 0..1),
 * `ZeroMatchDrops` (1 when a non-empty file that was not skipped applied nothing) and the bytes
 * of the drop when known; export jobs give rows written, without ID, suppressed and, on
 * success only, `ExportsSucceeded`; deliveries give `DeliveriesFailed` (1 when one failed for
 * good) and `BytesDelivered`. All give `JobsFailed` and `JobDurationMs`.
 *
 * @example
 * jobMetrics(job).find((m) => m.name === 'MatchRate'); // { name: 'MatchRate', unit: 'None', value: 0.75 }
 */
export function jobMetrics(job: Job): JobMetric[] {
  const metrics = METRICS_OF[job.type]?.(job) ?? [];
  metrics.push(count(N.JobsFailed, job.status === 'failed' ? 1 : 0));
  const ms = durationMs(job);
  if (ms !== undefined) metrics.push({ name: N.JobDurationMs, unit: 'Milliseconds', value: ms });
  return metrics;
}
