import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { METRIC_NAMESPACE, METRIC_SERVICE } from '../../shared/metrics/metricNames.ts';
import { BUNDLE_OPTIONS } from './bundleOptions.ts';

/** Repository root: bundling resolves entries and the lock file from here, wherever `cdk` runs. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface AbFunctionProps {
  /** Handler entry relative to the repository root, e.g. `functions/api/handler.ts` (exports `handler`). */
  entry: string;
  description: string;
  timeout: Duration;
  memorySize?: number;
  reservedConcurrentExecutions?: number;
  environment?: Record<string, string>;
  /** Shell commands run after bundling, given the asset's folder (files shipped beside the bundle). */
  afterBundling?: (outputDir: string) => string[];
}

/**
 * The project's one Lambda construct: Node.js 22 on arm64, minified ESM bundle with source maps,
 * X-Ray tracing, a log group kept one month, Powertools settings, and its own role that starts
 * with nothing but writing to that log group. Access is added with `bindTable`, `bindBucket`,
 * `bindQueue` and `bindKey`, each granting only what the function needs.
 *
 * @example
 * const api = new AbFunction(this, 'Api', { entry: 'functions/api/handler.ts', description: 'HTTP API', timeout: Duration.seconds(29) });
 * bindTable(api, table, 'readWrite');
 */
export class AbFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: AbFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of the AWSLambdaBasicExecutionRole managed policy: logs only to its group.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${id} function: least-privilege role (grants added by bind helpers)`,
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize ?? 512,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: METRIC_SERVICE,
        POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE_OPTIONS.target,
        platform: BUNDLE_OPTIONS.platform,
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        banner: BUNDLE_OPTIONS.banner.js,
        minify: BUNDLE_OPTIONS.minify,
        sourceMap: true,
        sourcesContent: false,
        externalModules: [...BUNDLE_OPTIONS.external],
        // When bundling is skipped (tests: `aws:cdk:bundling-stacks` = []), CDK would fingerprint
        // the whole project root, node_modules included (~15 s); a fixed hash avoids it. Real
        // synths keep the default output-based hash.
        assetHash: Stack.of(scope).bundlingRequired ? undefined : `unbundled-${id}`,
        ...(props.afterBundling
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_inputDir: string, outputDir: string) =>
                  props.afterBundling?.(outputDir) ?? [],
              },
            }
          : {}),
      },
    });
  }
}
