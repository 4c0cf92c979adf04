import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMES, METRIC_NAMESPACE, METRIC_SERVICE } from '../../shared/metrics/metricNames.ts';
import type { Settings } from '../settings.ts';
import { scheduleInterval } from './scheduleInterval.ts';

export interface ObservabilityProps {
  settings: Settings;
  /** Encrypts the alarm topic. */
  key: kms.IKey;
  functions: Record<string, lambda.IFunction>;
  deadLetterQueues: Record<string, sqs.IQueue>;
}

/**
 * The alarm topic, the alarms of docs/deploy.md ("Alarms") and one dashboard. Custom metrics are
 * read from {@link METRIC_NAMESPACE} with the single dimension `service`, exactly as Powertools
 * Metrics emits them.
 *
 * @example
 * new Observability(this, 'Observability', { settings, key, functions: { api }, deadLetterQueues: { ingest: dlq } });
 */
export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { settings } = props;
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: 'audience-bridge alarms',
      masterKey: props.key,
      enforceSSL: true,
    });
    for (const email of settings.alarmEmails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }

    const custom = (metricName: string, statistic: string, period: Duration) =>
      new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName,
        dimensionsMap: { service: METRIC_SERVICE },
        statistic,
        period,
      });
    const fiveMinutes = Duration.minutes(5);

    for (const [name, dlq] of Object.entries(props.deadLetterQueues)) {
      this.alarm(`${title(name)}DlqNotEmpty`, {
        alarmDescription: `${name} dead-letter queue has messages: a message failed 5 times (docs/deploy.md#dlq)`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${title(name)}FunctionErrors`, {
        alarmDescription: `${name} function invocations failed (docs/deploy.md#function-errors)`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    this.alarm('JobsFailed', {
      alarmDescription: 'An ingest or export job ended failed (docs/deploy.md#jobsfailed)',
      metric: custom(METRIC_NAMES.JobsFailed, 'Sum', fiveMinutes),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarm('DeliveryFailed', {
      alarmDescription:
        "A delivery to a partner's storage failed for good, after its retries (docs/deploy.md#deliveryfailed)",
      metric: custom(METRIC_NAMES.DeliveriesFailed, 'Sum', fiveMinutes),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarm('ZeroMatchDrops', {
      alarmDescription: 'A drop matched no recipient at all (docs/deploy.md#zeromatchdrops)',
      metric: custom(METRIC_NAMES.ZeroMatchDrops, 'Sum', fiveMinutes),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarm('RejectionRate', {
      alarmDescription: `A drop rejected more than ${settings.rejectionRateThreshold} of its lines (docs/deploy.md#rejectionrate)`,
      metric: custom(METRIC_NAMES.RejectionRate, 'Maximum', fiveMinutes),
      threshold: settings.rejectionRateThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (settings.exportOverdueAlarm) {
      // ExportsSucceeded is emitted only when an export succeeds, so "no data" in the window IS
      // "no export succeeded": missing data must breach, or the alarm could never fire.
      this.alarm('ExportOverdue', {
        alarmDescription:
          'No export succeeded within twice the schedule interval (docs/deploy.md#exportoverdue)',
        metric: custom(METRIC_NAMES.ExportsSucceeded, 'Sum', overdueWindow(settings.schedule)),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
    }

    this.dashboard = this.createDashboard(props, custom);
  }

  private alarm(id: string, props: Omit<cloudwatch.AlarmProps, 'evaluationPeriods'>): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, { ...props, evaluationPeriods: 1, alarmName: undefined });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }

  private createDashboard(
    props: ObservabilityProps,
    custom: (name: string, statistic: string, period: Duration) => cloudwatch.Metric,
  ): cloudwatch.Dashboard {
    const hour = Duration.hours(1);
    const fiveMinutes = Duration.minutes(5);
    const graph = (title: string, metrics: cloudwatch.IMetric[], width = 8) =>
      new cloudwatch.GraphWidget({ title, left: metrics, width, height: 6 });
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
    });
    dashboard.addWidgets(
      graph('Drops received', [custom(METRIC_NAMES.DropsReceived, 'Sum', hour)]),
      graph('Rows', [
        custom(METRIC_NAMES.LinesRead, 'Sum', hour),
        custom(METRIC_NAMES.RecordsProcessed, 'Sum', hour),
      ]),
      graph('Match rate', [custom(METRIC_NAMES.MatchRate, 'Average', hour)]),
    );
    dashboard.addWidgets(
      graph('Exports', [
        custom(METRIC_NAMES.ExportsSucceeded, 'Sum', hour),
        custom(METRIC_NAMES.RecordsWritten, 'Sum', hour),
      ]),
      graph('Rejection rate / zero-match drops', [
        custom(METRIC_NAMES.RejectionRate, 'Maximum', hour),
        custom(METRIC_NAMES.ZeroMatchDrops, 'Sum', hour),
      ]),
      graph('Jobs failed', [custom(METRIC_NAMES.JobsFailed, 'Sum', fiveMinutes)]),
    );
    dashboard.addWidgets(
      graph(
        'Function errors',
        Object.entries(props.functions).map(([name, fn]) =>
          fn.metricErrors({ period: fiveMinutes, statistic: 'Sum', label: name }),
        ),
        12,
      ),
      graph(
        'DLQ depth',
        Object.entries(props.deadLetterQueues).map(([name, q]) =>
          q.metricApproximateNumberOfMessagesVisible({
            period: fiveMinutes,
            statistic: 'Maximum',
            label: name,
          }),
        ),
        12,
      ),
    );
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );
    return dashboard;
  }
}

/** Twice the schedule interval, capped at CloudWatch's longest alarm period (one day). */
function overdueWindow(schedule: string): Duration {
  return Duration.seconds(Math.min(2 * scheduleInterval(schedule).toSeconds(), 86_400));
}

function title(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
