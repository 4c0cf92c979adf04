export { createJobMetrics } from './createJobMetrics.ts';
export type { JobMetric, JobMetricUnit } from './JobMetric.ts';
export { jobMetrics } from './jobMetrics.ts';
export { METRIC_NAMES, METRIC_NAMESPACE, METRIC_SERVICE, type MetricName } from './metricNames.ts';
export { recordJobMetrics } from './recordJobMetrics.ts';
