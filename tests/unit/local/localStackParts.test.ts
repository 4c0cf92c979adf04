import type { IncomingMessage } from 'node:http';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  compileRoutes,
  type Delivery,
  decodeS3EventKey,
  encodeS3EventKey,
  jobIdsOfMessage,
  LocalJobDispatcher,
  lambdaContext,
  matchRoute,
  parseSchedule,
  toHttpApiEvent,
  toS3Notification,
} from '../../../local/index.ts';
import { ValidationError } from '../../../shared/errors/index.ts';
import { apiRouteTable, declareRoute } from '../../../shared/http/index.ts';

const s3rverEvent = (eventName: string, key: string, bucket = 'audience-bridge') => ({
  Records: [
    {
      eventName,
      eventTime: '2026-03-01T12:00:00.000Z',
      s3: { bucket: { name: bucket }, object: { key, size: 12, eTag: 'abc123' } },
    },
  ],
});

describe('toS3Notification', () => {
  it('encodes a key the AWS way when it has spaces, plus signs and slashes', () => {
    expect(encodeS3EventKey('inbound/my file+1 (a).csv')).toBe('inbound/my+file%2B1+(a).csv');
    expect(decodeS3EventKey('inbound/my+file%2B1+(a).csv')).toBe('inbound/my file+1 (a).csv');
    expect(encodeS3EventKey('inbound/é=ü&.sync')).toBe('inbound/%C3%A9%3D%C3%BC%26.sync');
  });

  it('builds the AWS record when an object is put under inbound/', () => {
    const notification = toS3Notification(
      s3rverEvent('ObjectCreated:Put', 'inbound/a b.sync'),
      'audience-bridge',
    );
    const record = notification?.Records[0];
    expect(notification?.Records).toHaveLength(1);
    expect(record?.eventName).toBe('ObjectCreated:Put');
    expect(record?.eventSource).toBe('aws:s3');
    expect(record?.s3.bucket.arn).toBe('arn:aws:s3:::audience-bridge');
    expect(record?.s3.object).toMatchObject({ key: 'inbound/a+b.sync', size: 12, eTag: 'abc123' });
  });

  it('names a multipart upload CompleteMultipartUpload when s3rver reports Post', () => {
    const notification = toS3Notification(
      s3rverEvent('ObjectCreated:Post', 'inbound/big.csv'),
      'audience-bridge',
    );
    expect(notification?.Records[0]?.eventName).toBe('ObjectCreated:CompleteMultipartUpload');
  });

  it('ignores deletes, other prefixes and other buckets', () => {
    expect(
      toS3Notification(s3rverEvent('ObjectRemoved:Delete', 'inbound/a.csv'), 'audience-bridge'),
    ).toBeUndefined();
    expect(
      toS3Notification(s3rverEvent('ObjectCreated:Put', 'outbound/a.csv'), 'audience-bridge'),
    ).toBeUndefined();
    expect(
      toS3Notification(s3rverEvent('ObjectCreated:Put', 'inbound/a.csv', 'other'), 'audience-bridge'),
    ).toBeUndefined();
  });
});

describe('parseSchedule', () => {
  it('returns the interval in ms when the rate is valid', () => {
    expect(parseSchedule('rate(1 hour)')).toBe(3_600_000);
    expect(parseSchedule('rate(15 minutes)')).toBe(900_000);
    expect(parseSchedule(' rate(2 days) ')).toBe(172_800_000);
    expect(parseSchedule('rate(1 minutes)')).toBe(60_000);
  });

  it('throws a ValidationError naming AB_SCHEDULE when the expression is not a rate', () => {
    for (const bad of ['cron(0 * * * ? *)', 'rate(0 hours)', 'rate(5 seconds)', 'hourly', 'rate(-1 hour)']) {
      expect(() => parseSchedule(bad)).toThrow(ValidationError);
      expect(() => parseSchedule(bad)).toThrow(/^AB_SCHEDULE: /);
    }
  });
});

describe('matchRoute', () => {
  const routes = [
    declareRoute({
      method: 'GET',
      path: '/v1/identities/{namespace}/{value}',
      scope: 'identities:read',
      summary: '',
    }),
    declareRoute({ method: 'GET', path: '/v1/lists/{listId}', scope: 'audiences:read', summary: '' }),
    declareRoute({ method: 'GET', path: '/v1/lists/special', scope: null, summary: '' }),
  ];
  const table = compileRoutes([
    [routes, 'identity'],
    [apiRouteTable, 'api'],
  ]);

  it('extracts raw path parameters when the template has several', () => {
    const match = matchRoute(table, 'GET', '/v1/identities/dpid%3A999999/a%2Fb');
    expect(match?.routeKey).toBe('GET /v1/identities/{namespace}/{value}');
    expect(match?.pathParameters).toEqual({ namespace: 'dpid%3A999999', value: 'a%2Fb' });
    expect(match?.target).toBe('identity');
  });

  it('prefers the static route when a parameterised one also matches', () => {
    expect(matchRoute(table, 'GET', '/v1/lists/special')?.routeKey).toBe('GET /v1/lists/special');
    expect(matchRoute(table, 'GET', '/v1/lists/aam.4321')?.pathParameters).toEqual({ listId: 'aam.4321' });
  });

  it('returns undefined when the method or path is unknown', () => {
    expect(matchRoute(table, 'POST', '/v1/lists/aam.4321')).toBeUndefined();
    expect(matchRoute(table, 'GET', '/v2/nothing')).toBeUndefined();
    expect(matchRoute(table, 'GET', '/health')?.target).toBe('api');
  });
});

describe('jobIdsOfMessage', () => {
  it('names the drop job of each record when the body is an S3 notification', () => {
    const body = JSON.stringify(
      toS3Notification(s3rverEvent('ObjectCreated:Put', 'inbound/a b+c.sync'), 'audience-bridge'),
    );
    expect(jobIdsOfMessage('ingest', body)).toEqual([
      { jobId: 'ingest:inbound/a b+c.sync', key: 'inbound/a b+c.sync', etag: 'abc123' },
    ]);
  });

  it('names the job when the body is a continuation, a drop or an export', () => {
    expect(jobIdsOfMessage('ingest', '{"kind":"continue","jobId":"ingest:inbound/x"}')).toEqual([
      { jobId: 'ingest:inbound/x' },
    ]);
    expect(jobIdsOfMessage('ingest', '{"kind":"drop","key":"inbound/y"}')).toEqual([
      { jobId: 'ingest:inbound/y', key: 'inbound/y' },
    ]);
    expect(jobIdsOfMessage('export', '{"jobId":"export:w:1"}')).toEqual([{ jobId: 'export:w:1' }]);
    expect(jobIdsOfMessage('ingest', 'not json')).toEqual([]);
  });
});

describe('LocalJobDispatcher', () => {
  const context = () => lambdaContext('test', 1000, () => undefined);

  it('redelivers a failed message 5 times then dead-letters it when the worker keeps failing', async () => {
    const attempts: string[] = [];
    const dead: Delivery[] = [];
    const dispatcher = new LocalJobDispatcher({
      workers: {
        ingest: async (event: SQSEvent) => {
          attempts.push(event.Records[0]?.attributes.ApproximateReceiveCount ?? '');
          return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
        },
        export: async () => undefined,
      },
      onDeadLetter: async (delivery) => {
        dead.push(delivery);
      },
      context,
      redeliveryDelayMs: 5,
    });
    await dispatcher.enqueueIngest({ kind: 'continue', jobId: 'ingest:inbound/a' });
    await dispatcher.idle();
    expect(attempts).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ worker: 'ingest', attempt: 6, outcome: 'dead-letter' });
    expect(JSON.parse(dead[0]?.body ?? '')).toEqual({ kind: 'continue', jobId: 'ingest:inbound/a' });
  });

  it('runs at most 2 messages at once and delivers each once when the worker succeeds', async () => {
    let running = 0;
    let peak = 0;
    const seen: string[] = [];
    const dispatcher = new LocalJobDispatcher({
      workers: {
        ingest: async () => undefined,
        export: async (event: SQSEvent) => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 10));
          seen.push(JSON.parse(event.Records[0]?.body ?? '{}').jobId);
          running--;
          return { batchItemFailures: [] };
        },
      },
      onDeadLetter: async () => {},
      context,
    });
    for (let i = 0; i < 6; i++) await dispatcher.enqueueExport(`export:e:${i}`);
    await dispatcher.idle();
    expect(peak).toBe(2);
    expect(seen.sort()).toEqual([
      'export:e:0',
      'export:e:1',
      'export:e:2',
      'export:e:3',
      'export:e:4',
      'export:e:5',
    ]);
  });

  it('retries a message when the worker throws and stops redelivering once stopped', async () => {
    let calls = 0;
    const dispatcher = new LocalJobDispatcher({
      workers: {
        ingest: async () => {
          calls++;
          throw new Error('boom');
        },
        export: async () => undefined,
      },
      onDeadLetter: async () => {},
      context,
      redeliveryDelayMs: 10_000,
    });
    await dispatcher.enqueueIngest({ kind: 'drop', key: 'inbound/z' });
    while (calls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await dispatcher.stop(1000);
    await dispatcher.idle();
    await dispatcher.enqueueIngest({ kind: 'drop', key: 'inbound/z2' });
    await dispatcher.idle();
    expect(calls).toBe(1);
  });
});

describe('toHttpApiEvent', () => {
  const request = (url: string, headers: Record<string, string | string[]>, method = 'POST') =>
    ({
      url,
      method,
      headers,
      httpVersion: '1.1',
      socket: { remoteAddress: '127.0.0.1' },
    }) as unknown as IncomingMessage;

  it('builds a payload 2.0 event when the body is JSON', () => {
    const event = toHttpApiEvent({
      request: request('/v1/identities/dpid%3A1/a%2Fb?x=1&x=2&y=%20z', {
        'content-type': 'application/json',
        cookie: 'a=1; b=2',
        'x-trace': 'abc',
      }),
      body: Buffer.from('{"ids":[]}'),
      routeKey: 'POST /v1/identities/{namespace}/{value}',
      pathParameters: { namespace: 'dpid%3A1', value: 'a%2Fb' },
    });
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/identities/{namespace}/{value}',
      rawPath: '/v1/identities/dpid%3A1/a%2Fb',
      rawQueryString: 'x=1&x=2&y=%20z',
      cookies: ['a=1', 'b=2'],
      headers: { 'content-type': 'application/json', 'x-trace': 'abc' },
      queryStringParameters: { x: '1,2', y: ' z' },
      pathParameters: { namespace: 'dpid%3A1', value: 'a%2Fb' },
      body: '{"ids":[]}',
      isBase64Encoded: false,
    });
    expect(event.requestContext.http).toMatchObject({
      method: 'POST',
      path: '/v1/identities/dpid%3A1/a%2Fb',
    });
    expect(event.headers.cookie).toBeUndefined();
  });

  it('base64-encodes the body when the content type is binary', () => {
    const event = toHttpApiEvent({
      request: request('/upload', { 'content-type': 'application/octet-stream' }),
      body: Buffer.from([0, 1, 2, 255]),
      routeKey: '$default',
    });
    expect(event.isBase64Encoded).toBe(true);
    expect(event.body).toBe('AAEC/w==');
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
  });
});

describe('lambdaContext', () => {
  it('counts down from the timeout and drops to the deadline when the stack stops', () => {
    let deadline: number | undefined;
    const context = lambdaContext('ingest', 900_000, () => deadline);
    expect(context.functionName).toBe('audience-bridge-ingest');
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(899_000);
    deadline = Date.now() + 3_000;
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(3_000);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(2_000);
    deadline = Date.now() - 1;
    expect(context.getRemainingTimeInMillis()).toBe(0);
  });
});

describe('LocalJobDispatcher.stop', () => {
  it('waits for a running invocation to finish when it ends within the timeout', async () => {
    let finished = false;
    let started = false;
    const dispatcher = new LocalJobDispatcher({
      workers: {
        ingest: async () => {
          started = true;
          await new Promise((resolve) => setTimeout(resolve, 100));
          finished = true;
          return { batchItemFailures: [] };
        },
        export: async () => undefined,
      },
      onDeadLetter: async () => {},
      context: () => lambdaContext('ingest', 1000, () => undefined),
    });
    await dispatcher.enqueueIngest({ kind: 'continue', jobId: 'ingest:inbound/a' });
    while (!started) await new Promise((resolve) => setTimeout(resolve, 5));
    await dispatcher.stop(5_000);
    expect(finished).toBe(true);
    expect(dispatcher.history.map((d) => d.outcome)).toEqual(['ok']);
  });
});
