import { describe, expect, it } from 'vitest';
import { type ObjectCreated, s3Notification, s3TestEvent } from './events/s3Notification.ts';
import { scheduledEvent } from './events/scheduledEvent.ts';
import { sqsEvent } from './events/sqsEvent.ts';
import { ALL_SCOPES, useBundleHarness } from './support/bundleHarness.ts';

// Each function's bundle, as `cdk synth` builds it, invoked in a fresh Node process with only its
// template's environment (plus region, credentials and emulator endpoints), with the events AWS
// sends: S3 → SQS notifications, HTTP API payload 2.0 after the JWT authorizer, the export
// queue's messages, EventBridge's Scheduled Event. The tests run in order on one set of emulators.
const harness = useBundleHarness();
const ECID = '12345678901234567890123456789012345678';
const FOLDER = 'inbound/Drops 2026: été/';
/** The same folder as S3 writes it in a notification: `+` for spaces, `%3A`, UTF-8 escapes. */
const ENCODED_FOLDER = 'inbound/Drops+2026%3A+%C3%A9t%C3%A9/';
const DROPS: { event: ObjectCreated; segment: string; name: string }[] = [
  { event: 'Put', segment: '4321', name: 'S3_1234_163_iter_1486140844000.sync' },
  { event: 'Post', segment: '4322', name: 'S3_1234_163_iter_1486140845000.sync' },
  { event: 'CompleteMultipartUpload', segment: '4323', name: 'S3_1234_163_iter_1486140846000.sync' },
  { event: 'Copy', segment: '4324', name: 'S3_1234_163_iter_1486140847000.sync' },
];
const bodies = new Map<string, string>();

const ingestEvent = (body: string, receiveCount = 1) =>
  sqsEvent(harness.app.deployed.queues.ingest.arn, [{ body, receiveCount }]);
const getJob = (jobId: string) =>
  harness.http<{
    status: string;
    receipt: Record<string, unknown>;
    updatedAt: string;
    outputKeys?: string[];
  }>({
    routeKey: 'GET /v1/jobs/{jobId}',
    rawPath: `/v1/jobs/${encodeURIComponent(jobId)}`,
    pathParameters: { jobId: encodeURIComponent(jobId) },
    scope: 'audiences:read',
  });

describe('bundles in a fresh process with their template environment', () => {
  it('api and reconcile: a partner, a recipient and its visitor ID, from base64 bodies and JWT claims', async () => {
    const partner = await harness.http({
      routeKey: 'PUT /v1/partners/{name}',
      rawPath: '/v1/partners/default',
      pathParameters: { name: 'default' },
      json: { lists: ['*'], fullReplace: true, recipients: true },
      scope: ALL_SCOPES,
    });
    expect(partner.status).toBe(200);
    const recipient = await harness.http(
      {
        routeKey: 'PUT /v1/recipients/{recipientId}',
        rawPath: '/v1/recipients/r-1',
        pathParameters: { recipientId: 'r-1' },
        json: { email: 'JohnDoe@Example.com' },
        scope: 'identities:read identities:write',
      },
      'reconcile',
    );
    expect(recipient.status).toBe(200);
    const link = await harness.http(
      {
        routeKey: 'POST /v1/identities/links',
        rawPath: '/v1/identities/links',
        json: { recipientId: 'r-1', ids: [{ namespace: 'ecid', value: ECID }] },
        scope: 'identities:write',
      },
      'reconcile',
    );
    expect(link.status).toBe(200);
    // The gateway lets a token through with any scope the route lists; the handler checks it again.
    const narrow = await harness.http({
      routeKey: 'GET /v1/jobs',
      rawPath: '/v1/jobs',
      scope: 'identities:read',
    });
    expect(narrow.status).toBe(403);
  });

  it.each(DROPS)('ingest: ObjectCreated:$event of a key S3 URL-encodes', async ({ event, segment, name }) => {
    const object = await harness.putObject(`${FOLDER}${name}`, `${ECID} ${segment} \r\n`);
    const body = JSON.stringify(
      s3Notification({
        bucket: harness.app.deployed.bucket.name,
        encodedKey: `${ENCODED_FOLDER}${name}`,
        eventName: event,
        ...object,
      }),
    );
    bodies.set(name, body);
    expect(await harness.invoke('ingest', ingestEvent(body))).toEqual({ result: { batchItemFailures: [] } });
    const job = await getJob(`ingest:${FOLDER}${name}`);
    expect(job.status).toBe(200);
    expect(job.body.status).toBe('succeeded');
    expect(job.body.receipt).toMatchObject({
      linesRead: 1,
      recordsProcessed: 1,
      invalidIds: 0,
      unmatchedIds: 0,
      membershipsAdded: 1,
      segments: [segment],
      duplicate: false,
    });
    const members = await harness.http<{ members: { recipientId: string }[] }>({
      routeKey: 'GET /v1/lists/{listId}/members',
      rawPath: `/v1/lists/aam.${segment}/members`,
      pathParameters: { listId: `aam.${segment}` },
      scope: 'audiences:read',
    });
    expect(members.body.members).toEqual([{ recipientId: 'r-1' }]);
  });

  it('ingest: a redelivered notification of an applied drop leaves its job and receipt as they are', async () => {
    const [first] = DROPS;
    const jobId = `ingest:${FOLDER}${first?.name}`;
    const before = await getJob(jobId);
    const receiptBefore = await harness.readObject(`receipts/${jobId}.json`);
    const redelivered = await harness.invoke('ingest', ingestEvent(bodies.get(first?.name ?? '') ?? '', 2));
    expect(redelivered).toEqual({ result: { batchItemFailures: [] } });
    expect((await getJob(jobId)).body).toEqual(before.body);
    expect(await harness.readObject(`receipts/${jobId}.json`)).toBe(receiptBefore);
  });

  it('ingest: the s3:TestEvent is consumed (never retried into the DLQ) and starts no job', async () => {
    const body = JSON.stringify(s3TestEvent(harness.app.deployed.bucket.name));
    expect(await harness.invoke('ingest', ingestEvent(body))).toEqual({ result: { batchItemFailures: [] } });
    const jobs = await harness.http<{ jobs: unknown[] }>({
      routeKey: 'GET /v1/jobs',
      rawPath: '/v1/jobs',
      rawQueryString: 'type=ingest',
      scope: 'audiences:read',
    });
    expect(jobs.body.jobs).toHaveLength(DROPS.length);
    expect(harness.queues.take()).toEqual([]);
  });

  it('export: POST /v1/exports queues a message the export bundle turns into the published file', async () => {
    const put = (routeKey: string, rawPath: string, name: string, json: unknown) =>
      harness.http({ routeKey, rawPath, pathParameters: { name }, json, scope: ALL_SCOPES });
    const source = {
      kind: 'visitor',
      dpid: 163,
      reconciliationKey: 'recipientId',
      encoding: 'plain',
      channel: 'other',
    };
    expect(
      (await put('PUT /v1/data-sources/{name}', '/v1/data-sources/visitors', 'visitors', source)).status,
    ).toBe(200);
    const audience = {
      listId: 'aam.4321',
      dataSource: 'visitors',
      format: 'aam-inbound',
      mode: 'incremental',
      traitId: '777',
      schedule: 'manual',
    };
    const putAudience = await put(
      'PUT /v1/shared-audiences/{name}',
      '/v1/shared-audiences/partner-a',
      'partner-a',
      audience,
    );
    expect(putAudience.status).toBe(200);
    const started = await harness.http<{ jobId: string }>({
      routeKey: 'POST /v1/exports',
      rawPath: '/v1/exports',
      json: { sharedAudience: 'partner-a' },
      scope: 'audiences:write',
    });
    expect(started.status).toBe(202);
    const exportQueue = harness.app.deployed.queues.export;
    const sent = harness.queues.take();
    expect(sent).toEqual([
      { queueUrl: exportQueue.url, body: JSON.stringify({ jobId: started.body.jobId }), delaySeconds: 0 },
    ]);
    const event = sqsEvent(
      exportQueue.arn,
      sent.map((m) => ({ body: m.body })),
    );
    expect(await harness.invoke('export', event)).toEqual({ result: { batchItemFailures: [] } });
    const job = await getJob(started.body.jobId);
    expect(job.body).toMatchObject({ status: 'succeeded', receipt: { recordsWritten: 1 } });
    const [dataKey] = job.body.outputKeys ?? [];
    expect(await harness.readObject(dataKey ?? '')).toBe(`${ECID}\td_sid=777\n`);
  });

  it('schedule: the EventBridge Scheduled Event finds every drop applied and nothing to export', async () => {
    const rule = 'arn:aws:events:us-east-1:123456789012:rule/AudienceBridgeApp-ScheduleRule';
    expect(await harness.invoke('schedule', scheduledEvent(rule))).toEqual({ result: null });
    expect(harness.queues.take()).toEqual([]);
  });

  it('console: serves its pages and its settings on the public routes, no sign-in of the local stack', async () => {
    const page = await harness.http<string>(
      { routeKey: 'GET /console/{proxy+}', rawPath: '/console/lists', pathParameters: { proxy: 'lists' } },
      'console',
    );
    expect(page.status).toBe(200);
    expect(page.body).toContain('<!doctype html>');
    const config = await harness.http(
      {
        routeKey: 'GET /console/{proxy+}',
        rawPath: '/console/config.json',
        pathParameters: { proxy: 'config.json' },
      },
      'console',
    );
    // No client ID in the template (context audience-bridge:consoleClientId unset): no OIDC sign-in offered.
    expect(config.body).toEqual({ localSignIn: false });
  });
});
