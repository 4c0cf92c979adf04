import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPortsOf } from '../../../functions/ingestPorts.ts';
import { createRuntime, type Runtime } from '../../../functions/runtime.ts';
import { type RunningDynamo, type RunningS3, startDynamo, startS3 } from '../../../local/emulators.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { NotFoundError } from '../../../shared/errors/index.ts';
import { ingestDrop } from '../../../shared/ingest/index.ts';
import type { ListWrite } from '../../../shared/lists/index.ts';
import { DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS } from '../../../shared/partners/index.ts';
import { createTable } from '../../../shared/stores/index.ts';
import { scannedMemberKeys } from '../../helpers/scannedMemberKeys.ts';
import { ecid } from './helpers.ts';
import { QueueDispatcher } from './QueueDispatcher.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Ops = Parameters<ListWrite['apply']>[0];

/** Runs `around` in place of `apply` of every write `rt.lists` opens for `listId`. */
function aroundApply(
  rt: Runtime,
  listId: string,
  around: (ops: Ops, apply: (ops: Ops) => Promise<void>) => Promise<void>,
): void {
  const realOpen = rt.lists.openWrite.bind(rt.lists);
  rt.lists.openWrite = async (id, holder, resume) => {
    const write = await realOpen(id, holder, resume);
    if (id !== listId) return write;
    return new Proxy(write, {
      get(target, property) {
        if (property === 'apply') return (ops: Ops) => around(ops, (o) => target.apply(o));
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
}

describe('runIngestJob batches', () => {
  let s3: RunningS3;
  let dynamo: RunningDynamo;
  let base: Record<string, string>;

  const runtime = (env: Record<string, string> = {}): Runtime =>
    createRuntime({ config: loadConfig({ ...base, ...env }), dispatcher: new QueueDispatcher() });

  beforeAll(async () => {
    [s3, dynamo] = await Promise.all([startS3({ port: 0 }), startDynamo({ port: 0 })]);
    base = {
      AB_S3_ENDPOINT: s3.endpoint,
      AB_DYNAMODB_ENDPOINT: dynamo.endpoint,
      AB_TABLE: 'cleanup',
      AB_BUCKET: 'cleanup',
      LOG_LEVEL: 'SILENT',
    };
    const rt = runtime();
    await createTable(rt.clients.ddb, 'cleanup');
    await rt.partners.putIfAbsent(DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS);
    await rt.clients.s3.send(new CreateBucketCommand({ Bucket: 'cleanup' }));
    await rt.identity.recipients.putMany(
      Array.from({ length: 20 }, (_, i) => ({ recipientId: `r-${i + 1}`, email: `u${i + 1}@example.com` })),
    );
    for (let n = 1; n <= 20; n++)
      await rt.identity.linkIds([{ namespace: 'ecid', value: ecid(n) }], `r-${n}`);
  });
  afterAll(async () => {
    await Promise.all([s3.stop(), dynamo.stop()]);
  });

  it('reconciles the next batch while a list writes the previous one, and starts its writes only after', async () => {
    const rt = runtime({ AB_INGEST_BATCH_LINES: '5' });
    const events: string[] = [];
    const reconciler = rt.identity.reconciler;
    const reconcile = reconciler.reconcile.bind(reconciler);
    reconciler.reconcile = async (ids, options) => {
      events.push(`reconcile ${ids.length}`);
      return reconcile(ids, options);
    };
    aroundApply(rt, 'aam.85', async (ops, apply) => {
      events.push(`write ${ops.length}`);
      await sleep(200); // a slow DynamoDB round trip
      await apply(ops);
      events.push('written');
    });
    const body = Array.from({ length: 12 }, (_, i) => `${ecid(i + 1)} 85 `).join('\n');
    const key = 'inbound/S3_1_55555_iter_1486140849200.sync';
    await rt.clients.s3.send(new PutObjectCommand({ Bucket: 'cleanup', Key: key, Body: body }));
    await ingestDrop(ingestPortsOf(rt), { kind: 'drop', key });
    expect((await rt.jobs.get(`ingest:${key}`))?.receipt.membershipsAdded).toBe(12);
    // Batch 1's write starts once its list is open (a DynamoDB round trip): batch 2 is already
    // reconciling by then. Each write starts only after the previous one is written.
    expect(events).toEqual([
      'reconcile 5',
      'reconcile 5',
      'write 5',
      'written',
      'write 5',
      'reconcile 2',
      'written',
      'write 2',
      'written',
    ]);
    expect(await scannedMemberKeys(rt.lists, 'aam.85')).toEqual(
      Array.from({ length: 12 }, (_, i) => `r-${i + 1}`).sort(),
    );
  });

  it('cuts a batch at 20,000 segment changes when rows name many segments', async () => {
    const rt = runtime({ AB_INGEST_BATCH_LINES: '10000' });
    const appliesTo90: number[] = [];
    aroundApply(rt, 'aam.90', async (ops, apply) => {
      appliesTo90.push(ops.length);
      await apply(ops);
    });
    // 1,000 rows naming 25 segments each: 25,000 changes, so 800 rows, then 200.
    const segments = Array.from({ length: 25 }, (_, i) => String(90 + i)).join(',');
    const body = Array.from({ length: 1000 }, (_, i) => `${ecid((i % 20) + 1)} ${segments} `).join('\n');
    const key = 'inbound/S3_1_55555_iter_1486140849100.sync';
    await rt.clients.s3.send(new PutObjectCommand({ Bucket: 'cleanup', Key: key, Body: body }));
    await ingestDrop(ingestPortsOf(rt), { kind: 'drop', key });
    const job = await rt.jobs.get(`ingest:${key}`);
    expect(job?.status).toBe('succeeded');
    expect(job?.receipt.membershipsAdded).toBe(25 * 20);
    expect(appliesTo90).toEqual([800, 200]);
    expect(await scannedMemberKeys(rt.lists, 'aam.90')).toEqual(
      Array.from({ length: 20 }, (_, i) => `r-${i + 1}`).sort(),
    );
  });

  it('leaves nothing of a failed drop in a list when a sibling list fails while its writes are in flight', async () => {
    // The failed drop: segment 80 (slow writes) and segment 81 (its open fails with an exposed error).
    const failing = runtime();
    let slowDone = false;
    aroundApply(failing, 'aam.80', async (ops, apply) => {
      await sleep(300); // a slow DynamoDB round trip
      await apply(ops);
      slowDone = true;
    });
    const realOpen = failing.lists.openWrite.bind(failing.lists);
    failing.lists.openWrite = async (listId, holder, resume) => {
      if (listId !== 'aam.81') return realOpen(listId, holder, resume);
      await sleep(20);
      throw new NotFoundError('listId: no list aam.81', { field: 'listId' });
    };
    const bad = [
      ...Array.from({ length: 10 }, (_, i) => `${ecid(i + 1)} 80 `),
      ...Array.from({ length: 10 }, (_, i) => `${ecid(i + 1)} 81 `),
    ].join('\n');
    const key1 = 'inbound/S3_1_55555_iter_1486140849001.sync';
    await failing.clients.s3.send(new PutObjectCommand({ Bucket: 'cleanup', Key: key1, Body: `${bad}\n` }));
    await ingestDrop(ingestPortsOf(failing), { kind: 'drop', key: key1 });
    expect((await failing.jobs.get(`ingest:${key1}`))?.status).toBe('failed');
    // The clean-up said "no rollback while member writes are in flight": were they?
    const inFlightAtCleanup = !slowDone;
    await sleep(600);

    // A later, good drop adds r-20 only to segment 80.
    const good = runtime();
    const key2 = 'inbound/S3_1_55555_iter_1486140849002.sync';
    await good.clients.s3.send(
      new PutObjectCommand({ Bucket: 'cleanup', Key: key2, Body: `${ecid(20)} 80 \n` }),
    );
    await ingestDrop(ingestPortsOf(good), { kind: 'drop', key: key2 });
    expect((await good.jobs.get(`ingest:${key2}`))?.status).toBe('succeeded');

    expect({ inFlightAtCleanup, members: await scannedMemberKeys(good.lists, 'aam.80') }).toEqual({
      inFlightAtCleanup: false,
      members: ['r-20'],
    });
  });
});
