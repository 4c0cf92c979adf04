import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';
import { AbFunction, PROJECT_ROOT } from '../constructs/AbFunction.ts';
import { addRoutes, type RouteShape } from '../constructs/addRoutes.ts';
import { bindBucket } from '../constructs/bindBucket.ts';
import { bindKey } from '../constructs/bindKey.ts';
import { bindQueue } from '../constructs/bindQueue.ts';
import { bindTable } from '../constructs/bindTable.ts';
import { consumeQueue } from '../constructs/consumeQueue.ts';
import { WorkQueue } from '../constructs/WorkQueue.ts';
import { Observability } from '../observability/Observability.ts';
import type { Settings } from '../settings.ts';
import { DataRefs } from './DataRefs.ts';

export interface AppStackProps extends StackProps {
  settings: Settings;
  /** Name of the data stack whose exports (DataRefs) this stack imports. */
  dataStackName: string;
  /** Route declarations of the core (`apiRouteTable`, `identityRouteTable`), read at synth time. */
  apiRoutes: readonly RouteShape[];
  identityRoutes: readonly RouteShape[];
  /** The console's public routes (`consoleRouteTable`), served by the console function. */
  consoleRoutes: readonly RouteShape[];
}

/** Where an export stages its files before publishing them (shared/exports exportFileNames). */
const EXPORT_STAGING = 'staging/outbound/';

/** Longest a worker runs; ingest checkpoints before it (AB_TIME_BUDGET_MS, 12 min) and continues. */
const WORKER_TIMEOUT = Duration.minutes(15);

/**
 * The stateless stack: the six functions, the worker queues, the HTTP API, the schedule and the
 * alarms and dashboard. Holds no data of its own (the queues' messages are redriven from S3 and the
 * job records), so it can be destroyed and redeployed over the data stack.
 */
export class AppStack extends Stack {
  readonly api: apigw.HttpApi;
  readonly functions: {
    api: AbFunction;
    reconcile: AbFunction;
    ingest: AbFunction;
    export: AbFunction;
    schedule: AbFunction;
    console: AbFunction;
  };
  readonly ingestQueue: WorkQueue;
  readonly exportQueue: WorkQueue;
  /** Routes with `scope: null` (`/health`, `/openapi.json`): no authorizer, by contract. */
  readonly publicRoutes: apigw.HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { settings } = props;
    // Imported by export name: the S3 notification on an imported bucket lives in this stack (on
    // the data stack's own Bucket object it would make that stack depend on this one's queue).
    const refs = DataRefs.importInto(props.dataStackName);
    const key = kms.Key.fromKeyArn(this, 'DataKey', refs.keyArn);
    const table = dynamodb.Table.fromTableAttributes(this, 'Table', {
      tableName: refs.tableName,
      encryptionKey: key,
    });
    const bucket = s3.Bucket.fromBucketAttributes(this, 'DataBucket', {
      bucketArn: refs.bucketArn,
      bucketName: refs.bucketName,
      encryptionKey: key,
    });

    this.ingestQueue = new WorkQueue(this, 'IngestQueue', {
      encryptionKey: key,
      consumerTimeout: WORKER_TIMEOUT,
    });
    this.exportQueue = new WorkQueue(this, 'ExportQueue', {
      encryptionKey: key,
      consumerTimeout: WORKER_TIMEOUT,
    });
    const ingestQueue = this.ingestQueue.queue;
    const exportQueue = this.exportQueue.queue;

    const api = new AbFunction(this, 'ApiFunction', {
      entry: 'functions/api/handler.ts',
      description: 'HTTP API: lists, jobs, data sources, shared audiences, exports',
      timeout: Duration.seconds(29),
      memorySize: 1024,
    });
    bindTable(api, table, 'readWrite');
    // The console's links: downloads of receipts, rejected lines and exports (listing lets a HEAD
    // of a missing file answer 404, not 403), and presigned uploads of drops under inbound/.
    bindBucket(api, bucket, {
      read: ['receipts/', 'rejected/', 'outbound/'],
      list: ['receipts/', 'rejected/', 'outbound/'],
      write: ['inbound/'],
    });
    bindQueue(api, ingestQueue, 'AB_INGEST_QUEUE_URL');
    bindQueue(api, exportQueue, 'AB_EXPORT_QUEUE_URL');

    const reconcile = new AbFunction(this, 'ReconcileFunction', {
      entry: 'functions/reconcile/handler.ts',
      description: 'HTTP API: recipients, identities, reconcile',
      timeout: Duration.seconds(29),
      memorySize: 1024,
    });
    bindTable(reconcile, table, 'readWrite');
    // A privacy delete writes an opt-out file to each shared audience's folder that had the
    // person's IDs, and its erasure record; it never reads the bucket.
    bindBucket(reconcile, bucket, { write: ['outbound/', 'receipts/erasures/'] });
    // A recipient's attribute or consent change queues the rule lists reading attributes (materialize:<listId>).
    bindQueue(reconcile, exportQueue, 'AB_EXPORT_QUEUE_URL');

    const ingest = new AbFunction(this, 'IngestFunction', {
      entry: 'functions/ingest/handler.ts',
      description: 'Ingest worker: S3 drop notifications and continuations from the ingest queue',
      timeout: WORKER_TIMEOUT,
      memorySize: 1769, // one full vCPU: parsing and hashing are CPU-bound
      reservedConcurrentExecutions: settings.ingestConcurrency,
    });
    bindTable(ingest, table, 'readWrite');
    bindBucket(ingest, bucket, {
      read: ['inbound/'],
      write: ['rejected/', 'receipts/'],
      // Rejected lines and unmatched IDs are written tagged as personal data (30-day lifecycle rule).
      tag: ['rejected/', 'receipts/'],
    });
    bindQueue(ingest, ingestQueue, 'AB_INGEST_QUEUE_URL');
    // A list commit queues the rule lists reading that list.
    bindQueue(ingest, exportQueue, 'AB_EXPORT_QUEUE_URL');
    consumeQueue(ingest, ingestQueue);

    const exporter = new AbFunction(this, 'ExportFunction', {
      entry: 'functions/export/handler.ts',
      description: 'Export worker: {jobId} messages from the export queue',
      timeout: WORKER_TIMEOUT,
      memorySize: 1769,
      reservedConcurrentExecutions: settings.exportConcurrency,
    });
    bindTable(exporter, table, 'readWrite');
    // Files are staged under `staging/outbound/`, copied to their final names, then the staging
    // folder is listed and deleted; a retried job reads the receipt its earlier attempt published.
    // Deliveries read the published files (`outbound/`) to copy them to the partner's storage.
    bindBucket(exporter, bucket, {
      read: ['outbound/', 'receipts/', EXPORT_STAGING],
      write: ['outbound/', 'receipts/', EXPORT_STAGING],
      list: [EXPORT_STAGING],
      delete: [EXPORT_STAGING],
    });
    // A rule list's commit queues the rule lists reading it.
    bindQueue(exporter, exportQueue, 'AB_EXPORT_QUEUE_URL');
    // Deliveries sign as the partner's role: exactly the roles of the deployment's destinations.
    if (settings.destinationRoleArns.length > 0) {
      exporter.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: settings.destinationRoleArns }),
      );
    }
    for (const fn of [api, exporter]) {
      fn.addEnvironment('AB_DESTINATION_ROLE_ARNS', settings.destinationRoleArns.join(','));
    }
    consumeQueue(exporter, exportQueue);

    const schedule = new AbFunction(this, 'ScheduleFunction', {
      entry: 'functions/schedule/handler.ts',
      description: 'Scheduled trigger: scheduled exports and the sweep of lost drops',
      timeout: Duration.minutes(5),
      memorySize: 512,
    });
    bindTable(schedule, table, 'readWrite');
    bindBucket(schedule, bucket, { list: ['inbound/'] });
    bindQueue(schedule, ingestQueue, 'AB_INGEST_QUEUE_URL');
    bindQueue(schedule, exportQueue, 'AB_EXPORT_QUEUE_URL');

    // Data-source AES keys are envelope-encrypted with the data key.
    for (const fn of [api, reconcile, ingest, exporter]) {
      fn.addEnvironment('AB_KMS_KEY_ID', key.keyArn);
      bindKey(fn, key, 'encryptDecrypt', 'secrets');
    }

    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(ingestQueue), {
      prefix: 'inbound/',
    });

    new events.Rule(this, 'ScheduleRule', {
      description: 'Hourly (context audience-bridge:schedule) trigger of scheduled exports',
      schedule: events.Schedule.expression(settings.schedule),
      targets: [new targets.LambdaFunction(schedule, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
    });

    const consoleFn = new AbFunction(this, 'ConsoleFunction', {
      entry: 'functions/console/handler.ts',
      description: 'Web console: static files under /console/ (its data calls use the HTTP API)',
      timeout: Duration.seconds(10),
      memorySize: 256,
      environment: {
        AB_CONSOLE_OIDC_ISSUER: settings.jwtIssuer,
        ...(settings.consoleClientId ? { AB_CONSOLE_CLIENT_ID: settings.consoleClientId } : {}),
        AB_BUCKET: bucket.bucketName,
      },
      afterBundling: (outputDir) => [
        `cd "${PROJECT_ROOT}" && node --import tsx console/writeConsole.ts "${outputDir}/console"`,
      ],
    });

    this.api = this.createHttpApi(settings, props, api, reconcile, consoleFn);
    this.functions = { api, reconcile, ingest, export: exporter, schedule, console: consoleFn };

    new Observability(this, 'Observability', {
      settings,
      key,
      functions: this.functions,
      deadLetterQueues: {
        ingest: this.ingestQueue.deadLetterQueue,
        export: this.exportQueue.deadLetterQueue,
      },
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'IngestQueueUrl', { value: ingestQueue.queueUrl });
    new CfnOutput(this, 'ExportQueueUrl', { value: exportQueue.queueUrl });
  }

  private createHttpApi(
    settings: Settings,
    props: AppStackProps,
    apiFn: AbFunction,
    reconcileFn: AbFunction,
    consoleFn: AbFunction,
  ): apigw.HttpApi {
    const httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'audience-bridge HTTP API (JWT)',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
    });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // routeKey, not path: paths carry recipient IDs and identity values. No source IP either.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', settings.jwtIssuer, {
      jwtAudience: [settings.jwtAudience],
      identitySource: ['$request.header.Authorization'],
    });
    const taken = new Set<string>();
    const routes = addRoutes({
      api: httpApi,
      routes: props.apiRoutes,
      integration: new HttpLambdaIntegration('ApiIntegration', apiFn),
      authorizer,
      taken,
    });
    routes.push(
      ...addRoutes({
        api: httpApi,
        routes: props.identityRoutes,
        integration: new HttpLambdaIntegration('ReconcileIntegration', reconcileFn),
        authorizer,
        taken,
      }),
    );
    routes.push(
      ...addRoutes({
        api: httpApi,
        routes: props.consoleRoutes,
        integration: new HttpLambdaIntegration('ConsoleIntegration', consoleFn),
        authorizer,
        taken,
      }),
    );
    for (const added of routes) if (added.route.scope === null) this.publicRoutes.push(added.httpRoute);
    return httpApi;
  }
}
