import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES, METRIC_NAMESPACE } from '../../shared/metrics/metricNames.ts';
import {
  actionsOf,
  logicalIdOf,
  resourcesOf,
  type SynthesizedStacks,
  statementsOf,
  synthStacks,
} from './synthStacks.ts';

const ROLES = [
  'arn:aws:iam::111122223333:role/ab-delivery',
  'arn:aws:iam::444455556666:role/partner/inbound-writer',
];

let plain: SynthesizedStacks;
let withRoles: SynthesizedStacks;
beforeAll(() => {
  plain = synthStacks();
  withRoles = synthStacks({ 'audience-bridge:destinationRoleArns': ROLES.join(',') });
});

const stsStatements = (s: SynthesizedStacks) =>
  Object.fromEntries(
    Object.entries(s.stacks.app.functions).map(([name, fn]) => [
      name,
      statementsOf(s.stateless, s.stacks.app, fn).filter((st) =>
        actionsOf(st).some((a) => a.startsWith('sts:')),
      ),
    ]),
  );

const environment = (s: SynthesizedStacks, name: keyof SynthesizedStacks['stacks']['app']['functions']) =>
  s.stateless.toJSON().Resources[logicalIdOf(s.stacks.app, s.stacks.app.functions[name])].Properties
    .Environment.Variables as Record<string, string>;

describe('delivery in the AppStack', () => {
  it('grants exactly sts:AssumeRole on the context roles to the export function, and nothing to others', () => {
    const grants = stsStatements(withRoles);
    expect(grants.export?.map(actionsOf)).toEqual([['sts:AssumeRole']]);
    expect(grants.export?.flatMap(resourcesOf).sort()).toEqual([...ROLES].sort());
    for (const name of ['api', 'reconcile', 'ingest', 'schedule']) expect(grants[name], name).toEqual([]);
    expect(environment(withRoles, 'export').AB_DESTINATION_ROLE_ARNS).toBe(ROLES.join(','));
    expect(environment(withRoles, 'api').AB_DESTINATION_ROLE_ARNS).toBe(ROLES.join(','));
  });

  it('grants no sts action at all when no destination role is listed', () => {
    for (const [name, statements] of Object.entries(stsStatements(plain)))
      expect(statements, name).toEqual([]);
    expect(environment(plain, 'api').AB_DESTINATION_ROLE_ARNS).toBe('');
  });

  it('fails synth naming the key when a listed role is not a role ARN', () => {
    expect(() => synthStacks({ 'audience-bridge:destinationRoleArns': 'arn:aws:s3:::bucket' })).toThrow(
      'context audience-bridge:destinationRoleArns.0: expected IAM role ARNs',
    );
  });

  it('lets the export function read the published files it delivers', () => {
    const reads = statementsOf(plain.stateless, plain.stacks.app, plain.stacks.app.functions.export)
      .filter((st) => actionsOf(st).includes('s3:GetObject'))
      .flatMap(resourcesOf);
    expect(reads.some((r) => r.includes('"/outbound/*"'))).toBe(true);
  });

  it('alarms when a delivery fails for good (DeliveriesFailed > 0), to the alarm topic', () => {
    const alarms = Object.values(plain.stateless.findResources('AWS::CloudWatch::Alarm')) as Array<{
      Properties: Record<string, unknown>;
    }>;
    const alarm = alarms.find(
      (a) =>
        a.Properties.MetricName === METRIC_NAMES.DeliveriesFailed &&
        a.Properties.Namespace === METRIC_NAMESPACE,
    );
    expect(alarm?.Properties).toMatchObject({
      Dimensions: [{ Name: 'service', Value: 'audience-bridge' }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
      AlarmActions: [expect.anything()],
    });
  });
});
