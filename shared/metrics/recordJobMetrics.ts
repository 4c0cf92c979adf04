import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Job } from '../jobs/Job.ts';
import { jobMetrics } from './jobMetrics.ts';

/**
 * Publishes a finished job's metrics as one EMF record on stdout (CloudWatch turns it into
 * metrics in Lambda; locally it is just a log line). Every value lands under two dimension
 * sets: `[service]`, which the alarms and dashboard select on, and `[service, jobType]` for
 * drill-down. Keys, list IDs and job IDs would be unbounded dimensions, so they never become one.
 *
 * @example
 * // at the end of an ingest or export job
 * recordJobMetrics(createJobMetrics(), finishedJob);
 */
export function recordJobMetrics(metrics: Metrics, job: Job): void {
  const data = jobMetrics(job);
  if (data.length === 0) return;
  // Two dimension sets in one record: an empty set stands for the default `[service]` alone.
  metrics.addDimensions({});
  metrics.addDimensions({ jobType: job.type });
  for (const metric of data) metrics.addMetric(metric.name, metric.unit, metric.value);
  metrics.publishStoredMetrics();
}
