import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../functions/api/routes/index.ts';
import { identityRoutes } from '../../functions/reconcile/routes/index.ts';
import type { AbFunction } from '../../infra/constructs/AbFunction.ts';
import { consoleRouteTable } from '../../shared/http/index.ts';
import {
  actionsOf,
  logicalIdOf,
  resourcesOf,
  type Statement,
  type SynthesizedStacks,
  statementsOf,
  synthStacks,
} from './synthStacks.ts';

let s: SynthesizedStacks;
beforeAll(() => {
  s = synthStacks();
});

const statements = (fn: (s: SynthesizedStacks) => AbFunction): Statement[] =>
  statementsOf(s.stateless, s.stacks.app, fn(s));
const s3Writes = (list: Statement[]) =>
  list.filter((st) => actionsOf(st).includes('s3:PutObject')).flatMap(resourcesOf);
const s3Reads = (list: Statement[]) =>
  list.filter((st) => actionsOf(st).includes('s3:GetObject')).flatMap(resourcesOf);
const prefixes = (resources: string[]) =>
  resources.map((r) => /bucketArn"\},"\/([a-z/-]+\/)\*/.exec(r)?.[1] ?? r).sort();

/** Every function but the console's, which serves static files and touches no data. */
const dataFunctions = () => {
  const { console: _console, ...rest } = s.stacks.app.functions;
  return rest;
};

describe('AppStack functions', () => {
  it('runs every function on nodejs22.x arm64 with tracing, source maps and Powertools env', () => {
    const resources = s.stateless.toJSON().Resources;
    for (const fn of Object.values(dataFunctions())) {
      expect(resources[logicalIdOf(s.stacks.app, fn)].Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: expect.objectContaining({
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_SERVICE_NAME: 'audience-bridge',
            AB_TABLE: { 'Fn::ImportValue': 'AudienceBridgeData:tableName' },
          }),
        },
        LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/Logs/) } },
      });
    }
  });

  it('keeps function logs one month', () => {
    s.stateless.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('reserves concurrency 10 for ingest and 4 for export', () => {
    const { ingest, export: exporter } = s.stacks.app.functions;
    const resources = s.stateless.toJSON().Resources;
    expect(resources[logicalIdOf(s.stacks.app, ingest)].Properties.ReservedConcurrentExecutions).toBe(10);
    expect(resources[logicalIdOf(s.stacks.app, exporter)].Properties.ReservedConcurrentExecutions).toBe(4);
  });

  it('gives the KMS key ARN as AB_KMS_KEY_ID to api, reconcile, ingest and export, not schedule', () => {
    const resources = s.stateless.toJSON().Resources;
    const { api, reconcile, ingest, export: exporter, schedule } = s.stacks.app.functions;
    for (const fn of [api, reconcile, ingest, exporter]) {
      expect(resources[logicalIdOf(s.stacks.app, fn)].Properties.Environment.Variables.AB_KMS_KEY_ID).toEqual(
        {
          'Fn::ImportValue': 'AudienceBridgeData:keyArn',
        },
      );
    }
    expect(
      resources[logicalIdOf(s.stacks.app, schedule)].Properties.Environment.Variables.AB_KMS_KEY_ID,
    ).toBeUndefined();
  });

  it('gives queue URLs only to the functions that enqueue', () => {
    const resources = s.stateless.toJSON().Resources;
    const env = (fn: AbFunction) =>
      Object.keys(resources[logicalIdOf(s.stacks.app, fn)].Properties.Environment.Variables)
        .filter((k) => k.endsWith('_QUEUE_URL'))
        .sort();
    const f = s.stacks.app.functions;
    expect(env(f.api)).toEqual(['AB_EXPORT_QUEUE_URL', 'AB_INGEST_QUEUE_URL']);
    expect(env(f.schedule)).toEqual(['AB_EXPORT_QUEUE_URL', 'AB_INGEST_QUEUE_URL']);
    // Ingest, export and recipient writes queue rule-list materialisations on the export queue.
    expect(env(f.ingest)).toEqual(['AB_EXPORT_QUEUE_URL', 'AB_INGEST_QUEUE_URL']);
    expect(env(f.export)).toEqual(['AB_EXPORT_QUEUE_URL']);
    expect(env(f.reconcile)).toEqual(['AB_EXPORT_QUEUE_URL']);
  });
});

describe('AppStack IAM least privilege', () => {
  it('grants no wildcard action and no service-wide action to any function role', () => {
    for (const fn of Object.values(s.stacks.app.functions)) {
      for (const st of statementsOf(s.stateless, s.stacks.app, fn)) {
        for (const action of actionsOf(st)) {
          expect(action, `${fn.node.id}: ${action}`).not.toMatch(/\*/);
        }
      }
    }
  });

  it('uses Resource "*" only for X-Ray, which has no resource-level permissions', () => {
    for (const fn of Object.values(s.stacks.app.functions)) {
      const star = statementsOf(s.stateless, s.stacks.app, fn).filter((st) => resourcesOf(st).includes('*'));
      expect(star.flatMap(actionsOf).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }
  });

  it('scopes DynamoDB to the table and gsi1 with item actions only (no Scan, no table admin)', () => {
    for (const fn of Object.values(dataFunctions())) {
      const ddb = statementsOf(s.stateless, s.stacks.app, fn).filter((st) =>
        actionsOf(st).some((a) => a.startsWith('dynamodb:')),
      );
      expect(ddb).toHaveLength(1);
      const [st] = ddb;
      if (!st) throw new Error('no DynamoDB statement');
      expect(actionsOf(st)).not.toContain('dynamodb:Scan');
      expect(
        actionsOf(st).every((a) =>
          /^dynamodb:(Get|BatchGet|Query|ConditionCheck|Put|Update|Delete|BatchWrite)/.test(a),
        ),
      ).toBe(true);
      const [table, index] = resourcesOf(st);
      expect(resourcesOf(st)).toHaveLength(2);
      expect(table).toContain(':table/",{"Fn::ImportValue":"AudienceBridgeData:tableName"}]]}');
      expect(index).toContain(':table/",{"Fn::ImportValue":"AudienceBridgeData:tableName"},"/index/gsi1"]]}');
    }
  });

  it('lets ingest read inbound/ and write only rejected/ and receipts/ (never outbound/)', () => {
    const list = statements((x) => x.stacks.app.functions.ingest);
    expect(prefixes(s3Reads(list))).toEqual(['inbound/']);
    expect(prefixes(s3Writes(list))).toEqual(['receipts/', 'rejected/']);
    expect(s3Writes(list).some((r) => r.includes('outbound/'))).toBe(false);
    // Its rejected lines and unmatched IDs are written with the personal-data tag.
    const tagging = list.filter((st) => actionsOf(st).includes('s3:PutObjectTagging'));
    expect(tagging.flatMap(actionsOf)).toEqual(['s3:PutObjectTagging']);
    expect(tagging.flatMap(resourcesOf).map((r) => /bucketArn"\},"\/([^"]+)"/.exec(r)?.[1] ?? r)).toEqual([
      'rejected/*',
      'receipts/*',
    ]);
  });

  it('lets export write and read outbound/ (deliveries) and receipts/, and list and delete only its staging folders', () => {
    const list = statements((x) => x.stacks.app.functions.export);
    expect(prefixes(s3Writes(list))).toEqual(['outbound/', 'receipts/', 'staging/outbound/']);
    const objects = (action: string) =>
      list
        .filter((st) => actionsOf(st).includes(action))
        .flatMap(resourcesOf)
        .map((r) => /bucketArn"\},"\/([^"]+)"/.exec(r)?.[1] ?? r)
        .sort();
    expect(objects('s3:GetObject')).toEqual(['outbound/*', 'receipts/*', 'staging/outbound/*']);
    expect(objects('s3:DeleteObject')).toEqual(['staging/outbound/*']);
    expect(list.filter((st) => actionsOf(st).includes('s3:ListBucket'))).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::ImportValue': 'AudienceBridgeData:bucketArn' },
        Condition: { StringLike: { 's3:prefix': ['staging/outbound/*'] } },
      },
    ]);
  });

  it("lets the api read receipts/, rejected/ and outbound/ (the console's downloads) and write only inbound/ (its uploads)", () => {
    const list = statements((x) => x.stacks.app.functions.api);
    expect(prefixes(s3Reads(list))).toEqual(['outbound/', 'receipts/', 'rejected/']);
    expect(prefixes(s3Writes(list))).toEqual(['inbound/']);
  });

  it('gives the console function no data access: only its logs and traces', () => {
    const actions = statements((x) => x.stacks.app.functions.console)
      .flatMap(actionsOf)
      .sort();
    expect(actions).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it("lets reconcile only write outbound/ (a privacy delete's opt-out files) and receipts/erasures/, and schedule only list inbound/", () => {
    const reconcile = statements((x) => x.stacks.app.functions.reconcile);
    expect(reconcile.flatMap(actionsOf).filter((a) => a.startsWith('s3:'))).toEqual([
      's3:PutObject',
      's3:AbortMultipartUpload',
    ]);
    expect(prefixes(s3Writes(reconcile))).toEqual(['outbound/', 'receipts/erasures/']);
    const schedule = statements((x) => x.stacks.app.functions.schedule);
    const s3 = schedule.filter((st) => actionsOf(st).some((a) => a.startsWith('s3:')));
    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::ImportValue': 'AudienceBridgeData:bucketArn' },
        Condition: { StringLike: { 's3:prefix': ['inbound/*'] } },
      },
    ]);
  });

  it('uses only explicit KMS actions on the data key, each grant through one service or for owner-bound secrets (grants usable directly)', () => {
    const secrets = {
      StringLike: { 'kms:EncryptionContext:audience-bridge:secret': ['dataSource/*', 'destination/*'] },
    };
    for (const [name, fn] of Object.entries(s.stacks.app.functions)) {
      const kms = statementsOf(s.stateless, s.stacks.app, fn).filter((st) =>
        actionsOf(st).some((a) => a.startsWith('kms:')),
      );
      const uses: string[] = [];
      for (const st of kms) {
        expect(st.Resource).toEqual({ 'Fn::ImportValue': 'AudienceBridgeData:keyArn' });
        for (const a of actionsOf(st))
          expect(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']).toContain(a);
        const via = JSON.stringify(st.Condition ?? {});
        const service = /"kms:ViaService":\{"Fn::Join":\["",\["([a-z0-9]+)\./.exec(via)?.[1];
        if (service) uses.push(service);
        else {
          expect(st.Condition, `${name}: a KMS grant without a condition`).toEqual(secrets);
          uses.push('secrets');
        }
      }
      if (name === 'api') expect(uses.sort()).toEqual(['dynamodb', 's3', 'secrets', 'sqs']);
    }
  });

  it('uses no AWS managed policy on any function role', () => {
    const f = s.stacks.app.functions;
    const roles = s.stateless.toJSON().Resources;
    for (const fn of Object.values(f)) {
      const roleId = roles[logicalIdOf(s.stacks.app, fn)].Properties.Role['Fn::GetAtt'][0];
      expect(roles[roleId].Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('AppStack queues', () => {
  it('encrypts every queue with the data key and denies non-TLS access', () => {
    s.stateless.allResourcesProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::ImportValue': 'AudienceBridgeData:keyArn' },
    });
    const policies = Object.values(s.stateless.findResources('AWS::SQS::QueuePolicy'));
    const app = s.stacks.app;
    for (const q of [app.ingestQueue, app.exportQueue].flatMap((w) => [w.queue, w.deadLetterQueue])) {
      const id = app.getLogicalId(q.node.defaultChild as never);
      const p = policies.find((x) => x.Properties.Queues.some((r: { Ref: string }) => r.Ref === id));
      expect(p?.Properties.PolicyDocument.Statement, id).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  it('sets 90 min visibility (6x the 15 min worker timeout) and a DLQ after 5 receives', () => {
    for (const name of ['ingestQueue', 'exportQueue'] as const) {
      const wq = s.stacks.app[name];
      const id = s.stacks.app.getLogicalId(wq.queue.node.defaultChild as never);
      const dlqId = s.stacks.app.getLogicalId(wq.deadLetterQueue.node.defaultChild as never);
      expect(s.stateless.toJSON().Resources[id].Properties).toMatchObject({
        VisibilityTimeout: 5400,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      });
    }
    const resources = s.stateless.toJSON().Resources;
    for (const fn of [s.stacks.app.functions.ingest, s.stacks.app.functions.export]) {
      expect(resources[logicalIdOf(s.stacks.app, fn)].Properties.Timeout).toBe(900);
    }
  });

  it('maps ingest and export queues with batch size 1 and partial batch failures', () => {
    for (const [fn, q] of [
      [s.stacks.app.functions.ingest, s.stacks.app.ingestQueue],
      [s.stacks.app.functions.export, s.stacks.app.exportQueue],
    ] as const) {
      s.stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalIdOf(s.stacks.app, fn) },
        EventSourceArn: {
          'Fn::GetAtt': [s.stacks.app.getLogicalId(q.queue.node.defaultChild as never), 'Arn'],
        },
        BatchSize: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it('sends S3 ObjectCreated notifications for inbound/ to the ingest queue', () => {
    const queueId = s.stacks.app.getLogicalId(s.stacks.app.ingestQueue.queue.node.defaultChild as never);
    s.stateless.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { 'Fn::ImportValue': 'AudienceBridgeData:bucketName' },
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'inbound/' }] } },
            QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
          },
        ],
      },
      Managed: false,
    });
    s.stateless.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 's3.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: {
              ArnLike: { 'aws:SourceArn': { 'Fn::ImportValue': 'AudienceBridgeData:bucketArn' } },
            },
          }),
        ]),
      },
    });
  });
});

describe('AppStack HTTP API', () => {
  const routes = () =>
    Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);

  it('creates one route per route-table entry', () => {
    const expected = [...apiRoutes, ...identityRoutes, ...consoleRouteTable]
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(
      routes()
        .map((r) => r.RouteKey)
        .sort(),
    ).toEqual(expected);
    expect(expected).toContain('GET /health');
  });

  it('puts the JWT authorizer on every route with a scope and none on public routes', () => {
    const byKey = new Map(routes().map((r) => [r.RouteKey as string, r]));
    for (const route of [...apiRoutes, ...identityRoutes]) {
      const cfn = byKey.get(`${route.method} ${route.path}`);
      if (route.scope === null) {
        expect(cfn?.AuthorizationType, route.path).toBe('NONE');
        expect(cfn?.AuthorizerId).toBeUndefined();
      } else {
        expect(cfn?.AuthorizationType, route.path).toBe('JWT');
        expect(cfn?.AuthorizerId).toEqual({ Ref: expect.stringMatching(/JwtAuthorizer/) });
      }
    }
    expect(byKey.get('GET /health')?.AuthorizationType).toBe('NONE');
  });

  it('configures the JWT authorizer with the issuer and audience defaults', () => {
    s.stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://auth.example.com/', Audience: ['audience-bridge'] },
    });
  });

  it('throttles the $default stage and logs access without paths or source IPs', () => {
    s.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HttpApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('routeKey'),
      },
    });
    const stage = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Stage'))[0];
    expect(stage?.Properties.AccessLogSettings.Format).not.toMatch(/\$context\.(path|identity\.sourceIp)/);
  });
});

describe('AppStack schedule', () => {
  it('triggers the schedule function at rate(1 hour) by default', () => {
    s.stateless.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf(s.stacks.app, s.stacks.app.functions.schedule), 'Arn'] },
        }),
      ],
    });
  });

  it('takes the schedule and JWT settings from context when given', () => {
    const custom = synthStacks({
      'audience-bridge:schedule': 'rate(30 minutes)',
      'audience-bridge:jwtIssuer': 'https://idp.example.org/',
      'audience-bridge:jwtAudience': 'ab-prod',
    });
    custom.stateless.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(30 minutes)' });
    custom.stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: 'https://idp.example.org/', Audience: ['ab-prod'] },
    });
  });
});
