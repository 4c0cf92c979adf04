/** CloudWatch namespace of every custom metric (Powertools EMF); the alarms and dashboard read it. */
export const METRIC_NAMESPACE = 'AudienceBridge';

/**
 * Every custom metric name, in one place: the emitters (`recordJobMetrics`) and the CDK alarms and
 * dashboard both use these, so a rename cannot silently break an alarm.
 *
 * @example
 * new Metric({ namespace: METRIC_NAMESPACE, metricName: METRIC_NAMES.JobsFailed, ... });
 */
export const METRIC_NAMES = {
  DropsReceived: 'DropsReceived',
  LinesRead: 'LinesRead',
  RecordsProcessed: 'RecordsProcessed',
  RecordsRejected: 'RecordsRejected',
  FormatErrors: 'FormatErrors',
  InvalidIds: 'InvalidIds',
  UnmatchedIds: 'UnmatchedIds',
  MatchRate: 'MatchRate',
  MembershipsAdded: 'MembershipsAdded',
  MembershipsRemoved: 'MembershipsRemoved',
  JobDurationMs: 'JobDurationMs',
  BytesRead: 'BytesRead',
  JobsFailed: 'JobsFailed',
  ZeroMatchDrops: 'ZeroMatchDrops',
  RejectionRate: 'RejectionRate',
  ExportsSucceeded: 'ExportsSucceeded',
  RecordsWritten: 'RecordsWritten',
  RecordsWithoutId: 'RecordsWithoutId',
  RecordsSuppressed: 'RecordsSuppressed',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];
