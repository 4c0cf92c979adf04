/**
 * CloudWatch namespace of every custom metric (Powertools EMF). The dashboards and alarms in
 * `infra/` read exactly these names with the single dimension `service` = {@link METRIC_SERVICE}:
 * add no other dimension when emitting, or the alarms stop seeing the data points.
 *
 * @example
 * const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });
 * metrics.addMetric(METRIC_NAMES.DropsReceived, MetricUnit.Count, 1);
 */
export const METRIC_NAMESPACE = 'AudienceBridge';

/** Value of the `service` dimension (Powertools' `serviceName`, also the logger's). */
export const METRIC_SERVICE = 'audience-bridge';

/**
 * The custom metric names, one place for emitters (ingest, export, schedule) and the CDK stack.
 * Units and when each is emitted are part of the contract the alarms rely on.
 */
export const METRIC_NAMES = {
  /** Count, 1 per drop object picked up by ingest. */
  DropsReceived: 'DropsReceived',
  /** Count, non-blank lines read from a drop (receipt `linesRead`). */
  LinesRead: 'LinesRead',
  /** Count, lines with a valid ID (receipt `recordsProcessed`). */
  RecordsProcessed: 'RecordsProcessed',
  /** Ratio 0..1 per drop: valid IDs that reconciled to a recipient / valid IDs. */
  MatchRate: 'MatchRate',
  /** Ratio 0..1 per drop: (formatErrors + invalidIds) / linesRead. Alarmed above a threshold. */
  RejectionRate: 'RejectionRate',
  /** Count, 1 per drop whose valid IDs matched no recipient at all. Alarmed when > 0. */
  ZeroMatchDrops: 'ZeroMatchDrops',
  /** Count, 1 per job (ingest or export) that ended `failed`. Alarmed when > 0. */
  JobsFailed: 'JobsFailed',
  /** Count, 1 per export job that ended `succeeded`; emitted ONLY on success (the overdue alarm relies on it). */
  ExportsSucceeded: 'ExportsSucceeded',
  /** Count, 1 per delivery job (`deliver:<exportJobId>`) that ended `failed`, after its retries. Alarmed when > 0. */
  DeliveriesFailed: 'DeliveriesFailed',
  /** Bytes a delivery put at the partner's (receipt `delivery.bytes`). */
  BytesDelivered: 'BytesDelivered',
  /** Count, records written to outbound files by an export (receipt `recordsWritten`). */
  RecordsWritten: 'RecordsWritten',
  // Added for the job metrics (operability): per-job counters beyond the alarmed/dashboard ones.
  /** Count, lines rejected by a drop: formatErrors + invalidIds. */
  RecordsRejected: 'RecordsRejected',
  /** Count, lines that did not parse (receipt `formatErrors`). */
  FormatErrors: 'FormatErrors',
  /** Count, parsed lines whose ID failed validation (receipt `invalidIds`). */
  InvalidIds: 'InvalidIds',
  /** Count, valid IDs that reconciled to a recipient: recordsProcessed - unmatchedIds. */
  RecordsMatched: 'RecordsMatched',
  /** Count, valid IDs that reconciled to no recipient (receipt `unmatchedIds`). */
  UnmatchedIds: 'UnmatchedIds',
  /** Count, list memberships a drop added (receipt `membershipsAdded`). */
  MembershipsAdded: 'MembershipsAdded',
  /** Count, list memberships a drop removed (receipt `membershipsRemoved`). */
  MembershipsRemoved: 'MembershipsRemoved',
  /** Milliseconds from a job's creation to its end. */
  JobDurationMs: 'JobDurationMs',
  /** Bytes, size of the drop object, when the job knows it. */
  BytesRead: 'BytesRead',
  /** Count, export rows whose recipient has no ID in the target data source (receipt `recordsWithoutId`). */
  RecordsWithoutId: 'RecordsWithoutId',
  /** Count, export rows left out by suppression (receipt `recordsSuppressed`). */
  RecordsSuppressed: 'RecordsSuppressed',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];
