import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, METRIC_SERVICE } from './metricNames.ts';

/**
 * A Powertools `Metrics` emitter with the project's namespace and service (`service` is the
 * default dimension the alarms select on). One per process is enough.
 *
 * @example
 * const metrics = createJobMetrics();
 * recordJobMetrics(metrics, job);
 */
export function createJobMetrics(): Metrics {
  return new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });
}
