import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/ingest/handler.ts';
import { ingestPortsOf } from '../../../functions/ingestPorts.ts';
import { createRuntime, type Runtime, setRuntime } from '../../../functions/runtime.ts';
import { type RunningDynamo, type RunningS3, startDynamo, startS3 } from '../../../local/emulators.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { ingestDrop, sweepInbound } from '../../../shared/ingest/index.ts';
import { DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS } from '../../../shared/partners/index.ts';
import { createTable } from '../../../shared/stores/index.ts';
import { ecid } from './helpers.ts';
import { QueueDispatcher } from './QueueDispatcher.ts';

describe('sweepInbound and identity drops', () => {
  let s3: RunningS3;
  let dynamo: RunningDynamo;
  let rt: Runtime;
  const dispatcher = new QueueDispatcher();

  const put = (key: string, body: string) =>
    rt.clients.s3.send(new PutObjectCommand({ Bucket: 'sweep', Key: key, Body: body }));

  beforeAll(async () => {
    [s3, dynamo] = await Promise.all([startS3({ port: 0 }), startDynamo({ port: 0 })]);
    rt = createRuntime({
      config: loadConfig({
        AB_S3_ENDPOINT: s3.endpoint,
        AB_DYNAMODB_ENDPOINT: dynamo.endpoint,
        AB_TABLE: 'sweep',
        AB_BUCKET: 'sweep',
        AB_HOME: mkdtempSync(join(tmpdir(), 'ab-ingest-')),
        LOG_LEVEL: 'SILENT',
      }),
      dispatcher,
    });
    await createTable(rt.clients.ddb, 'sweep');
    await rt.partners.putIfAbsent(DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS);
    await rt.clients.s3.send(new CreateBucketCommand({ Bucket: 'sweep' }));
  });
  afterAll(async () => {
    setRuntime(undefined);
    await Promise.all([s3.stop(), dynamo.stop()]);
  });

  it('enqueues a drop whose notification was lost when the sweep runs', async () => {
    const key = 'inbound/S3_1_55555_iter_1486140844100.sync';
    await put(key, `${ecid(1)} 1 \n`);
    expect(await sweepInbound(ingestPortsOf(rt))).toEqual({ enqueued: 1, timedOut: 0 });
    expect(dispatcher.ingest).toEqual([expect.objectContaining({ kind: 'drop', key })]);
    const message = dispatcher.ingest.shift();
    if (message) await ingestDrop(ingestPortsOf(rt), message);
    expect((await rt.jobs.get(`ingest:${key}`))?.status).toBe('succeeded');
    expect(await sweepInbound(ingestPortsOf(rt))).toEqual({ enqueued: 0, timedOut: 0 });
  });

  it('fails a split part when its .info never arrives before the timeout', async () => {
    const key = 'inbound/S3_1_55555_iter_1486140844200001.sync';
    await put(key, `${ecid(1)} 2 \n`);
    expect(await ingestDrop(ingestPortsOf(rt), { kind: 'drop', key })).toBe('waiting');
    expect((await rt.jobs.get(`ingest:${key}`))?.status).toBe('queued');
    expect(await sweepInbound(ingestPortsOf(rt), { timeoutMs: 60_000 })).toEqual({
      enqueued: 0,
      timedOut: 0,
    });
    expect(await sweepInbound(ingestPortsOf(rt), { timeoutMs: 0 })).toEqual({ enqueued: 0, timedOut: 1 });
    const job = await rt.jobs.get(`ingest:${key}`);
    expect(job?.status).toBe('failed');
    expect(job?.error?.message).toContain('.info control file never arrived');
  });

  it('links the IDs of each row when an ID-sync file arrives', async () => {
    await rt.identity.dataSources.put('crm_ds', {
      kind: 'declared',
      dpid: 777,
      reconciliationKey: 'recipientId',
      encoding: 'plain',
      channel: 'other',
      forceReconciliation: false,
      importEnabled: true,
    });
    const key = 'inbound/adobe_id_777_0_1486140844.sync';
    await put(key, `crm-1\t${ecid(11)}\r\ncrm-2\t${ecid(12)}\r\n\r\n`);
    await ingestDrop(ingestPortsOf(rt), { kind: 'drop', key });
    const job = await rt.jobs.get(`ingest:${key}`);
    expect(job?.status).toBe('succeeded');
    expect(job?.receipt).toMatchObject({
      format: 'aam-idsync',
      linesRead: 2,
      recordsProcessed: 2,
      idLinks: 2,
    });
  });

  it('loads recipients and rejects a bad email when a recipients CSV arrives', async () => {
    const key = 'inbound/recipients/load.csv';
    await put(
      key,
      'recipientId,email,tier\np-1,One@Example.com,gold\np-2,not-an-email,silver\np-3,three@example.com,\n',
    );
    await ingestDrop(ingestPortsOf(rt), { kind: 'drop', key });
    const job = await rt.jobs.get(`ingest:${key}`);
    expect(job?.receipt).toMatchObject({
      format: 'recipients-csv',
      linesRead: 3,
      recordsProcessed: 2,
      invalidIds: 1,
    });
    expect(job?.receipt.errors.map((e) => e.line)).toEqual([3]);
    expect((await rt.identity.recipients.get('p-1'))?.attributes).toEqual({ tier: 'gold' });
    expect(await rt.identity.recipients.get('p-2')).toBeUndefined();
  });

  it('rejects a recipients CSV row whose attribute breaks the API caps, and loads the others', async () => {
    const key = 'inbound/recipients/caps.csv';
    await put(key, `recipientId,tier\np-4,${'é'.repeat(1025)}\np-5,silver\n`);
    await ingestDrop(ingestPortsOf(rt), { kind: 'drop', key });
    const job = await rt.jobs.get(`ingest:${key}`);
    expect(job?.receipt).toMatchObject({ linesRead: 2, recordsProcessed: 1, invalidIds: 1 });
    expect(job?.receipt.errors).toEqual([
      { line: 2, reason: 'attributes.tier: invalid (expected at most 1024 characters)' },
    ]);
    expect(await rt.identity.recipients.get('p-4')).toBeUndefined();
    expect((await rt.identity.recipients.get('p-5'))?.attributes).toEqual({ tier: 'silver' });
  });

  it('rejects every row of a recipients CSV with a constructor column, storing nothing', async () => {
    const key = 'inbound/recipients/constructor.csv';
    await put(key, 'recipientId,constructor\np-6,x\n');
    await ingestDrop(ingestPortsOf(rt), { kind: 'drop', key });
    const job = await rt.jobs.get(`ingest:${key}`);
    expect(job?.receipt).toMatchObject({ linesRead: 1, recordsProcessed: 0 });
    expect(job?.receipt.errors).toEqual([
      { line: 2, reason: 'header: column constructor is a reserved name, not an attribute' },
    ]);
    expect(await rt.identity.recipients.get('p-6')).toBeUndefined();
  });

  it('refuses a drop whole when its data source has import disabled', async () => {
    await rt.identity.dataSources.put('legal_hold', {
      kind: 'declared',
      dpid: 888,
      reconciliationKey: 'email',
      encoding: 'plain',
      channel: 'email',
      forceReconciliation: false,
      importEnabled: false,
    });
    const key = 'inbound/S3_1_888_iter_1486140844300.sync';
    await put(key, 'a@example.com 5 \n');
    await ingestDrop(ingestPortsOf(rt), { kind: 'drop', key });
    const job = await rt.jobs.get(`ingest:${key}`);
    expect(job?.status).toBe('succeeded');
    expect(job?.receipt).toMatchObject({ skipped: 'import-disabled', linesRead: 0, membershipsAdded: 0 });
    expect(await rt.lists.get('aam.5')).toBeUndefined();
  });

  it('hands the record whose list is busy back as a delayed continue when the handler gets a batch', async () => {
    setRuntime(rt);
    await rt.lists.create({ listId: 'aam.90', name: 'busy', source: 'aam' });
    const busy = await rt.lists.openWrite('aam.90', 'someone-else');
    const key = 'inbound/S3_1_55555_iter_1486140844900.sync';
    await rt.identity.recipients.putMany([{ recipientId: 'h-1', email: 'h1@example.com' }]);
    await rt.identity.linkIds([{ namespace: 'ecid', value: ecid(91) }], 'h-1');
    await put(key, `${ecid(91)} 90 \n`);
    const event = {
      Records: [
        { messageId: 'poison', body: 'not a message' },
        { messageId: 'busy', body: JSON.stringify({ kind: 'drop', key }) },
        { messageId: 'gone', body: JSON.stringify({ kind: 'continue', jobId: 'ingest:inbound/none.sync' }) },
      ],
    } as unknown as SQSEvent;
    const context = { getRemainingTimeInMillis: () => 900_000 } as unknown as Context;
    // A busy list is not a failed delivery: the job waits as a delayed `continue` message.
    dispatcher.ingest.length = 0;
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    expect(dispatcher.ingest).toEqual([{ kind: 'continue', jobId: `ingest:${key}` }]);
    const waiting = await rt.jobs.get(`ingest:${key}`);
    expect(waiting).toMatchObject({ status: 'running', attempts: 0 });
    await busy.commit();
    expect(await handler({ Records: [event.Records[1]] } as unknown as SQSEvent, context)).toEqual({
      batchItemFailures: [],
    });
    expect((await rt.jobs.get(`ingest:${key}`))?.receipt).toMatchObject({ membershipsAdded: 1 });
    expect((await rt.lists.get('aam.90'))?.size).toBe(1);
  });

  it('keeps an address-only member when an encrypted email ID matches no recipient', async () => {
    await rt.identity.dataSources.put('enc_mail', {
      kind: 'declared',
      dpid: 999,
      reconciliationKey: 'email',
      encoding: 'aes-cbc',
      aes: { keyHex: '0123456789ABCDEF0123456789ABCDEF', ivHex: '0123456789ABCDEFFEDCBA9876543210' },
      channel: 'email',
      forceReconciliation: false,
      importEnabled: true,
    });
    const key = 'inbound/S3_1_999_iter_1486140844950.sync';
    await put(key, 'a4e70c52b4ca4a338d6d0ea25986355284f6ea47bb275506e61fa25b4ec4d365 95 \n');
    await ingestDrop(ingestPortsOf(rt), { kind: 'drop', key });
    const job = await rt.jobs.get(`ingest:${key}`);
    expect(job?.receipt).toMatchObject({ recordsProcessed: 1, unmatchedIds: 0, membershipsAdded: 1 });
    expect((await rt.lists.members('aam.95', { limit: 10 })).members).toEqual([
      { address: 'johndoe@example.com', channel: 'email' },
    ]);
  });
});
