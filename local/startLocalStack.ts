import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import type { ScheduledEvent } from 'aws-lambda';
import { buildConsole } from '../console/buildConsole.ts';
import { handler as apiHandler } from '../functions/api/handler.ts';
import { consoleSettings } from '../functions/console/consoleSettings.ts';
import { serveConsole } from '../functions/console/serveConsole.ts';
import { handler as exportHandler } from '../functions/export/handler.ts';
import { handler as ingestHandler } from '../functions/ingest/handler.ts';
import { handler as identityHandler } from '../functions/reconcile/handler.ts';
import { createRuntime, type Runtime, setRuntime } from '../functions/runtime.ts';
import { handler as scheduleHandler } from '../functions/schedule/handler.ts';
import { loadSigningKey, type SigningKey } from '../shared/auth/index.ts';
import { recordCallsAs } from '../shared/aws/index.ts';
import { type Config, loadConfig } from '../shared/config/index.ts';
import { apiRouteTable, consoleRouteTable, identityRouteTable } from '../shared/http/index.ts';
import { emptyReceipt, type Job } from '../shared/jobs/index.ts';
import { logger } from '../shared/logging/index.ts';
import { DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS } from '../shared/partners/index.ts';
import { createTable } from '../shared/stores/index.ts';
import { compileRoutes } from './compileRoutes.ts';
import { localSignInRoutes } from './consoleRoutes.ts';
import { startDynamo, startS3 } from './emulators.ts';
import { jobIdsOfMessage } from './jobIdsOfMessage.ts';
import { type Delivery, LocalJobDispatcher, type SqsWorker } from './LocalJobDispatcher.ts';
import { lambdaContext } from './lambdaContext.ts';
import { localAuthorizer } from './localAuthorizer.ts';
import { localSignIn } from './localSignIn.ts';
import { parseSchedule } from './parseSchedule.ts';
import { type HttpFunction, startHttpServer } from './startHttpServer.ts';
import { toS3Notification } from './toS3Notification.ts';

export interface LocalStackOptions {
  /** Persisted data and the signing key; `.audience-bridge` by default. */
  home?: string;
  /** Keep S3 and DynamoDB data in memory (the signing key still lives in `home`). */
  memory?: boolean;
  /** HTTP API port (3000); 0 picks a free port. */
  port?: number;
  /** Embedded S3 port (4569); 0 picks a free port. */
  s3Port?: number;
  /** Embedded DynamoDB port (8000); 0 picks a free port. */
  dynamodbPort?: number;
  /** Use this S3 endpoint instead of starting s3rver (no drop notifications then). */
  s3Endpoint?: string;
  /** Use this DynamoDB endpoint instead of starting dynalite. */
  dynamodbEndpoint?: string;
  bucket?: string;
  /** Table name (`AB_TABLE`, `audience-bridge` by default). */
  table?: string;
  /** `rate(N unit)`; `rate(1 hour)` by default. */
  schedule?: string;
  /** Overrides the schedule's interval, ms (tests: the schedule fires without waiting a minute). */
  scheduleIntervalMs?: number;
  /** Delay before a failed queue message is redelivered, ms (1000). */
  redeliveryDelayMs?: number;
  /** Longest wait for running jobs on stop, ms (10000). */
  shutdownTimeoutMs?: number;
  /** Create the default partner (may do everything under `inbound/`) when none exists (true). */
  defaultPartner?: boolean;
  /** Base environment for the rest of the configuration (`process.env` by default). */
  env?: NodeJS.ProcessEnv;
}

/** A running local stack; `stop()` closes everything it started. */
export interface LocalStack {
  apiUrl: string;
  s3Endpoint: string;
  dynamodbEndpoint: string;
  bucket: string;
  config: Config;
  runtime: Runtime;
  /** The in-process queues: `idle()`, and `delivery`/`settled` events for every worker invocation. */
  dispatcher: LocalJobDispatcher;
  signingKey: SigningKey;
  /** Fires the scheduled trigger now (what the timer does every interval). */
  fireSchedule(): Promise<void>;
  /** Number of times the scheduled trigger ran. */
  readonly scheduleRuns: number;
  stop(): Promise<void>;
}

/** Ingest and export workers may run 15 minutes in Lambda; the HTTP functions 29 s (API Gateway). */
const WORKER_TIMEOUT_MS = 15 * 60 * 1000;
const HTTP_TIMEOUT_MS = 29_000;

async function ensureBucket(runtime: Runtime): Promise<void> {
  const { s3 } = runtime.clients;
  const Bucket = runtime.config.bucket;
  try {
    await s3.send(new HeadBucketCommand({ Bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket }));
  }
}

/**
 * A handler whose AWS calls are recorded as the deployed function `fn`'s (when recording is on),
 * for the IAM check of tests/deployed/.
 */
function asFunction<E, C, R>(fn: string, handler: (event: E, context: C) => Promise<R>) {
  return (event: E, context: C): Promise<R> => recordCallsAs(fn, () => handler(event, context));
}

/**
 * Lets the console (on the HTTP API's origin) upload and download through presigned links, as
 * the bucket's CORS rule does in AWS; exposes `ETag`, which a multipart upload needs per part.
 */
async function allowConsoleOrigin(runtime: Runtime, apiUrl: string): Promise<void> {
  const port = new URL(apiUrl).port;
  await runtime.clients.s3.send(
    new PutBucketCorsCommand({
      Bucket: runtime.config.bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
            AllowedMethods: ['GET', 'PUT', 'POST'],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag'],
            MaxAgeSeconds: 3600,
          },
        ],
      },
    }),
  );
}

/** Marks the jobs of a dead-lettered message failed (creating the drop's job if it never started). */
async function failJobs(runtime: Runtime, delivery: Delivery): Promise<void> {
  const now = runtime.now().toISOString();
  const error = {
    code: 'dependency_failed',
    message: `the ${delivery.worker} worker failed ${delivery.attempt} times; the message was dead-lettered`,
  };
  for (const job of jobIdsOfMessage(delivery.worker, delivery.body)) {
    // The worker recorded why its attempts failed (a throttle, an unreadable object): quote it.
    const last = (await runtime.jobs.get(job.jobId))?.error;
    const changed = await runtime.jobs.transition(job.jobId, ['queued', 'running'], {
      status: 'failed',
      error: last ? { code: error.code, message: `${error.message}; last failure: ${last.message}` } : error,
      updatedAt: now,
    });
    if (changed || delivery.worker !== 'ingest' || !job.key) continue;
    if (await runtime.jobs.get(job.jobId)) continue;
    const failed: Job = {
      jobId: job.jobId,
      type: 'ingest',
      status: 'failed',
      createdAt: now,
      updatedAt: now,
      receipt: emptyReceipt(),
      error,
      startedBy: 's3',
      source: { key: job.key, ...(job.etag ? { etag: job.etag } : {}) },
      attempts: delivery.attempt,
    };
    await runtime.jobs.put(failed);
  }
}

function scheduledEvent(region: string): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:000000000000:rule/audience-bridge-schedule`],
    detail: {},
  };
}

/**
 * Starts everything the AWS deployment has, in this process: S3 (s3rver) and DynamoDB (dynalite)
 * or external endpoints, the bucket and table, a `Runtime` installed for the handlers, in-process
 * queues that invoke the ingest and export workers with SQS events, S3 drop notifications for
 * `inbound/`, the HTTP API with the JWT authorizer, and the scheduled trigger. Jobs left
 * `queued`/`running` are resumed. One stack per process: it installs the handlers' runtime.
 *
 * @example
 * const stack = await startLocalStack({ port: 0, s3Port: 0, dynamodbPort: 0, memory: true, home });
 * await fetch(`${stack.apiUrl}/health`);
 * await stack.stop();
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const home = options.home ?? '.audience-bridge';
  const bucket = options.bucket ?? 'audience-bridge';
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
  const intervalMs = options.scheduleIntervalMs ?? parseSchedule(options.schedule ?? 'rate(1 hour)');
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error) => logger.error('stop failed', { error }));
    stops.length = 0;
  };

  try {
    const [s3, dynamo] = await Promise.all([
      options.s3Endpoint
        ? undefined
        : startS3({
            port: options.s3Port ?? 4569,
            ...(options.memory ? {} : { directory: join(home, 's3') }),
          }),
      options.dynamodbEndpoint
        ? undefined
        : startDynamo({
            port: options.dynamodbPort ?? 8000,
            ...(options.memory ? {} : { path: join(home, 'dynamodb') }),
          }),
    ]);
    if (s3) stops.push(() => s3.stop());
    if (dynamo) stops.push(() => dynamo.stop());
    const s3Endpoint = options.s3Endpoint ?? s3?.endpoint ?? '';
    const dynamodbEndpoint = options.dynamodbEndpoint ?? dynamo?.endpoint ?? '';

    const config = loadConfig({
      ...(options.env ?? process.env),
      AB_HOME: home,
      AB_BUCKET: bucket,
      AB_S3_ENDPOINT: s3Endpoint,
      AB_DYNAMODB_ENDPOINT: dynamodbEndpoint,
      ...(options.table ? { AB_TABLE: options.table } : {}),
    });

    let shutdownAt: number | undefined;
    const context = (name: string, timeoutMs: number) => lambdaContext(name, timeoutMs, () => shutdownAt);
    let runtime: Runtime | undefined;
    const dispatcher = new LocalJobDispatcher({
      workers: {
        ingest: asFunction('ingest', ingestHandler as unknown as SqsWorker),
        export: asFunction('export', exportHandler as unknown as SqsWorker),
      },
      context: (worker) => context(worker, WORKER_TIMEOUT_MS),
      onDeadLetter: async (delivery) => {
        if (runtime) await failJobs(runtime, delivery);
      },
      region: config.region,
      ...(options.redeliveryDelayMs === undefined ? {} : { redeliveryDelayMs: options.redeliveryDelayMs }),
    });
    runtime = createRuntime({ config, dispatcher });
    const rt = runtime;
    setRuntime(rt);
    stops.push(async () => {
      setRuntime(undefined);
      rt.clients.s3.destroy();
      rt.clients.ddb.destroy();
    });

    await Promise.all([createTable(rt.clients.ddb, config.table), ensureBucket(rt)]);
    // One-partner setups and the README walkthrough work without configuration (CONTRACT.md).
    if (options.defaultPartner !== false)
      await rt.partners.putIfAbsent(DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS);
    const signingKey = await loadSigningKey(home);

    s3?.onEvent((event) => {
      const notification = toS3Notification(event, bucket, config.region);
      if (notification) dispatcher.send('ingest', JSON.stringify(notification));
    });
    stops.push(async () => {
      shutdownAt = Date.now() + Math.min(shutdownTimeoutMs, 5_000);
      await dispatcher.stop(shutdownTimeoutMs);
    });

    const env = options.env ?? process.env;
    const verify = await localAuthorizer({ signingKey, config, oidcIssuer: env.AB_CONSOLE_OIDC_ISSUER });
    const serveFiles = serveConsole(
      await buildConsole(),
      consoleSettings({ ...env, AB_S3_ENDPOINT: s3Endpoint }, true),
    );
    const consoleFn: HttpFunction = { name: 'console', handler: async (event) => serveFiles(event) };
    const signInFn: HttpFunction = {
      name: 'console',
      handler: localSignIn({ key: signingKey, issuer: config.jwtIssuer, audience: config.jwtAudience }),
    };
    const http = await startHttpServer({
      port: options.port ?? 3000,
      routes: compileRoutes<HttpFunction>([
        [consoleRouteTable, consoleFn],
        [localSignInRoutes, signInFn],
        [identityRouteTable, { name: 'identity', handler: asFunction('reconcile', identityHandler) }],
        [apiRouteTable, { name: 'api', handler: asFunction('api', apiHandler) }],
      ]),
      fallback: { name: 'api', handler: asFunction('api', apiHandler) },
      maxBodyBytes: config.maxBodyBytes,
      verify,
      context: (name) => context(name, HTTP_TIMEOUT_MS),
    });
    // Stops accepting first (stop runs in reverse order), then lets the workers finish.
    stops.push(() => http.stop(shutdownTimeoutMs));
    await allowConsoleOrigin(rt, http.url);

    let scheduleRuns = 0;
    let scheduleRunning: Promise<void> | undefined;
    const fireSchedule = async () => {
      if (scheduleRunning) return scheduleRunning;
      scheduleRunning = (async () => {
        try {
          await asFunction('schedule', scheduleHandler)(
            scheduledEvent(config.region),
            context('schedule', WORKER_TIMEOUT_MS),
          );
        } catch (error) {
          logger.error('scheduled trigger failed', { error });
        } finally {
          scheduleRuns++;
          scheduleRunning = undefined;
        }
      })();
      return scheduleRunning;
    };
    const timer = setInterval(() => void fireSchedule(), intervalMs);
    stops.push(async () => {
      clearInterval(timer);
      await scheduleRunning;
    });

    // Crash recovery: what SQS redelivery does in AWS.
    for (const job of await rt.jobs.listUnfinished()) {
      if (job.type === 'ingest') await dispatcher.enqueueIngest({ kind: 'continue', jobId: job.jobId });
      // A rematch runs inside its trigger; what it left pending is applied by the next match.
      else if (job.type !== 'rematch') await dispatcher.enqueueExport(job.jobId);
    }

    let stopping: Promise<void> | undefined;
    return {
      apiUrl: http.url,
      s3Endpoint,
      dynamodbEndpoint,
      bucket,
      config,
      runtime: rt,
      dispatcher,
      signingKey,
      fireSchedule,
      get scheduleRuns() {
        return scheduleRuns;
      },
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
