import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES, METRIC_NAMESPACE } from '../../shared/metrics/metricNames.ts';
import { type SynthesizedStacks, synthStacks } from './synthStacks.ts';

let s: SynthesizedStacks;
beforeAll(() => {
  s = synthStacks({ 'audience-bridge:alarmEmails': ['oncall@example.com'] });
});

type Alarm = { Properties: Record<string, unknown> & { AlarmActions: unknown[] } };
const alarms = () => Object.values(s.stateless.findResources('AWS::CloudWatch::Alarm')) as Alarm[];
const customAlarm = (metricName: string) =>
  alarms().find((a) => a.Properties.MetricName === metricName && a.Properties.Namespace === METRIC_NAMESPACE)
    ?.Properties;

describe('Observability', () => {
  it('encrypts the alarm topic with the data key, TLS only, with the context email subscription', () => {
    s.stateless.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::ImportValue': 'AudienceBridgeData:keyArn' },
    });
    s.stateless.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    s.stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it('sends every alarm to the topic', () => {
    const topicId = Object.keys(s.stateless.findResources('AWS::SNS::Topic'))[0];
    expect(alarms().length).toBeGreaterThan(0);
    for (const alarm of alarms()) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('alarms when either DLQ has a visible message', () => {
    for (const wq of [s.stacks.app.ingestQueue, s.stacks.app.exportQueue]) {
      const dlqId = s.stacks.app.getLogicalId(wq.deadLetterQueue.node.defaultChild as never);
      s.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
  });

  it('alarms on errors of each of the five functions', () => {
    for (const fn of Object.values(s.stacks.app.functions)) {
      s.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [
          { Name: 'FunctionName', Value: { Ref: s.stacks.app.getLogicalId(fn.node.defaultChild as never) } },
        ],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
  });

  it('alarms on JobsFailed > 0 and ZeroMatchDrops > 0 with the service dimension', () => {
    for (const name of [METRIC_NAMES.JobsFailed, METRIC_NAMES.ZeroMatchDrops]) {
      expect(customAlarm(name)).toMatchObject({
        Dimensions: [{ Name: 'service', Value: 'audience-bridge' }],
        Statistic: 'Sum',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('alarms on RejectionRate above the default 0.05 threshold', () => {
    expect(customAlarm(METRIC_NAMES.RejectionRate)).toMatchObject({
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0.05,
    });
  });

  it('alarms when fewer than 1 export succeeded in 2 hours, missing data breaching', () => {
    expect(customAlarm(METRIC_NAMES.ExportsSucceeded)).toMatchObject({
      Statistic: 'Sum',
      Period: 7200,
      EvaluationPeriods: 1,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
  });

  it('sizes ExportOverdue on the schedule and honours the threshold and opt-out context', () => {
    const custom = synthStacks({
      'audience-bridge:schedule': 'rate(30 minutes)',
      'audience-bridge:rejectionRateThreshold': '0.2',
    });
    const find = (name: string) =>
      Object.values(custom.stateless.findResources('AWS::CloudWatch::Alarm')).find(
        (a) => a.Properties.MetricName === name,
      )?.Properties;
    expect(find(METRIC_NAMES.ExportsSucceeded)?.Period).toBe(3600);
    expect(find(METRIC_NAMES.RejectionRate)?.Threshold).toBe(0.2);
    const off = synthStacks({ 'audience-bridge:exportOverdueAlarm': 'false' });
    const names = Object.values(off.stateless.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties.MetricName,
    );
    expect(names).not.toContain(METRIC_NAMES.ExportsSucceeded);
  });

  it('has one dashboard graphing drops, rows, match rate, exports, errors and DLQ depth', () => {
    const dashboards = Object.values(s.stateless.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(s.stacks.app.resolve(dashboards[0]?.Properties.DashboardBody));
    for (const name of [
      'DropsReceived',
      'LinesRead',
      'RecordsProcessed',
      'MatchRate',
      'ExportsSucceeded',
      'RecordsWritten',
      'JobsFailed',
    ]) {
      expect(body, name).toContain(
        `\\"${METRIC_NAMESPACE}\\",\\"${name}\\",\\"service\\",\\"audience-bridge\\"`,
      );
    }
    expect(body).toContain('\\"AWS/Lambda\\",\\"Errors\\"');
    expect(body).toContain('\\"AWS/SQS\\",\\"ApproximateNumberOfMessagesVisible\\"');
  });
});
