import type { MetricName } from './metricNames.ts';

/** CloudWatch units the job metrics use (a subset of Powertools' `MetricUnit` values). */
export type JobMetricUnit = 'Count' | 'Milliseconds' | 'Bytes' | 'None';

/** One metric datum of a finished job: name, unit and value, before any emitter sees it. */
export interface JobMetric {
  name: MetricName;
  unit: JobMetricUnit;
  value: number;
}
