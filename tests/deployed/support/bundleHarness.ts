import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { type RunningDynamo, type RunningS3, startDynamo, startS3 } from '../../../local/emulators.ts';
import { SCOPES } from '../../../shared/auth/index.ts';
import { createClients } from '../../../shared/aws/index.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { createTable } from '../../../shared/stores/index.ts';
import { type HttpRequest, httpApiEvent } from '../events/httpApiEvent.ts';
import { type BundledApp, type BundledName, synthBundledApp } from './bundledApp.ts';
import { type Invocation, invokeBundle } from './invokeBundle.ts';
import { type QueueEndpoint, startQueueEndpoint } from './queueEndpoint.ts';

/** Every scope, as the JWT authorizer passes the `scope` claim: one space-separated string. */
export const ALL_SCOPES = SCOPES.join(' ');

export interface HttpAnswer {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface BundleHarness {
  readonly app: BundledApp;
  readonly queues: QueueEndpoint;
  invoke<R = unknown>(fn: BundledName, event: unknown): Promise<Invocation<R>>;
  /** Invokes the api (or `fn`) with an HTTP API event; the answer's body JSON-parsed. */
  http<T = unknown>(request: HttpRequest, fn?: BundledName): Promise<{ status: number; body: T }>;
  putObject(key: string, body: string): Promise<{ eTag: string; size: number }>;
  readObject(key: string): Promise<string>;
}

/**
 * For one test file: the emulators (s3rver, dynalite, the SQS endpoint) on free ports, the app
 * synthesized and bundled once with its queues pointed at that endpoint, the template's table and
 * bucket created in the emulators, and shortcuts to invoke the bundles.
 */
export function useBundleHarness(): BundleHarness {
  let s3: RunningS3;
  let dynamo: RunningDynamo;
  let queues: QueueEndpoint;
  let app: BundledApp;
  let clients: ReturnType<typeof createClients>;
  beforeAll(async () => {
    [s3, dynamo, queues] = await Promise.all([
      startS3({ port: 0 }),
      startDynamo({ port: 0 }),
      startQueueEndpoint(),
    ]);
    app = synthBundledApp(queues.origin);
    clients = createClients(
      loadConfig({ AB_S3_ENDPOINT: s3.endpoint, AB_DYNAMODB_ENDPOINT: dynamo.endpoint }),
    );
    await clients.s3.send(new CreateBucketCommand({ Bucket: app.deployed.bucket.name }));
    await createTable(clients.ddb, app.deployed.table.name);
  }, 240_000);
  afterAll(async () => {
    await Promise.all([s3?.stop(), dynamo?.stop(), queues?.stop()]);
  });
  const harness: BundleHarness = {
    get app() {
      return app;
    },
    get queues() {
      return queues;
    },
    invoke: (fn, event) =>
      invokeBundle(app.functions[fn], event, {
        s3: s3.endpoint,
        dynamodb: dynamo.endpoint,
        sqs: queues.origin,
      }),
    async http<T>(request: HttpRequest, fn: BundledName = 'api') {
      const outcome = await harness.invoke<HttpAnswer>(fn, httpApiEvent(request));
      if (outcome.error)
        throw new Error(`${request.routeKey}: ${outcome.error.name}: ${outcome.error.message}`);
      const { statusCode, body, isBase64Encoded } = outcome.result;
      const text = isBase64Encoded ? Buffer.from(body ?? '', 'base64').toString('utf8') : (body ?? '');
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON (the console's HTML): kept as text.
      }
      return { status: statusCode, body: parsed as T };
    },
    async putObject(key, body) {
      const out = await clients.s3.send(
        new PutObjectCommand({ Bucket: app.deployed.bucket.name, Key: key, Body: body }),
      );
      return { eTag: (out.ETag ?? '').replace(/"/g, ''), size: Buffer.byteLength(body) };
    },
    async readObject(key) {
      const out = await clients.s3.send(new GetObjectCommand({ Bucket: app.deployed.bucket.name, Key: key }));
      return (await out.Body?.transformToString('utf8')) ?? '';
    },
  };
  return harness;
}
