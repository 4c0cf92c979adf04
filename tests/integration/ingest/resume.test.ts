import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPortsOf } from '../../../functions/ingestPorts.ts';
import { createRuntime, type Runtime } from '../../../functions/runtime.ts';
import { type RunningDynamo, type RunningS3, startDynamo, startS3 } from '../../../local/emulators.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { ingestDrop } from '../../../shared/ingest/index.ts';
import type { Receipt } from '../../../shared/jobs/index.ts';
import type { ListWrite } from '../../../shared/lists/index.ts';
import { DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS } from '../../../shared/partners/index.ts';
import { createTable } from '../../../shared/stores/index.ts';
import { scannedMemberKeys } from '../../helpers/scannedMemberKeys.ts';
import { ecid } from './helpers.ts';
import { QueueDispatcher } from './QueueDispatcher.ts';

const RECIPIENTS = 120;

/** 1,600 lines over 150 IDs (the last 30 unknown): adds, with every 4th line a removal. */
function incrementalFile(segment: string): string {
  const lines: string[] = [];
  for (let i = 0; i < 1600; i++) {
    const n = ((i * 37) % 150) + 1;
    lines.push(i % 4 === 3 ? `${ecid(n)}  ${segment}` : `${ecid(n)} ${segment} `);
  }
  return `${lines.join('\n')}\n`;
}

/** A full file naming 1..90 of the IDs (odd ones twice). */
function fullFile(segment: string): string {
  const lines: string[] = [];
  for (let n = 1; n <= 90; n++) {
    lines.push(`${ecid(n)} ${segment} `);
    if (n % 2 === 1) lines.push(`${ecid(n)} ${segment} `);
  }
  for (let i = 0; i < 1000; i++) lines.push(`${ecid((i % 45) + 1)} ${segment} `);
  return `${lines.join('\n')}\n`;
}

const withoutSegments = ({ segments: _s, ...rest }: Receipt) => rest;

describe('ingestDrop resume', () => {
  let s3: RunningS3;
  let dynamo: RunningDynamo;
  let base: Record<string, string>;
  const runtimes: Runtime[] = [];

  const runtime = (env: Record<string, string>, dispatcher = new QueueDispatcher()) => {
    const rt = createRuntime({ config: loadConfig({ ...base, ...env }), dispatcher });
    runtimes.push(rt);
    return { rt, dispatcher };
  };

  beforeAll(async () => {
    [s3, dynamo] = await Promise.all([startS3({ port: 0 }), startDynamo({ port: 0 })]);
    base = {
      AB_S3_ENDPOINT: s3.endpoint,
      AB_DYNAMODB_ENDPOINT: dynamo.endpoint,
      AB_TABLE: 'resume',
      AB_BUCKET: 'resume',
      AB_CHECKPOINT_LINES: '500',
      // The crash test below counts applies of 500 lines each.
      AB_INGEST_BATCH_LINES: '500',
      LOG_LEVEL: 'SILENT',
    };
    const { rt } = runtime({});
    await createTable(rt.clients.ddb, 'resume');
    await rt.partners.putIfAbsent(DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS);
    await rt.clients.s3.send(new CreateBucketCommand({ Bucket: 'resume' }));
    await rt.identity.recipients.putMany(
      Array.from({ length: RECIPIENTS }, (_, i) => ({
        recipientId: `r-${i + 1}`,
        email: `u${i + 1}@example.com`,
      })),
    );
    for (let n = 1; n <= RECIPIENTS; n++)
      await rt.identity.linkIds([{ namespace: 'ecid', value: ecid(n) }], `r-${n}`);
  });
  afterAll(async () => {
    await Promise.all([s3.stop(), dynamo.stop()]);
  });

  async function put(rt: Runtime, key: string, body: string): Promise<void> {
    await rt.clients.s3.send(new PutObjectCommand({ Bucket: 'resume', Key: key, Body: body }));
  }

  /** Runs a drop and every continuation it hands over; returns the number of runs. */
  async function drive(rt: Runtime, dispatcher: QueueDispatcher, key: string): Promise<number> {
    let runs = 1;
    await ingestDrop(ingestPortsOf(rt), { kind: 'drop', key });
    for (let next = dispatcher.ingest.shift(); next; next = dispatcher.ingest.shift()) {
      runs++;
      await ingestDrop(ingestPortsOf(rt), next);
    }
    return runs;
  }

  it('equals an uninterrupted run when a tiny time budget stops it after every batch', async () => {
    const straight = runtime({});
    const key1 = 'inbound/S3_1_55555_iter_1486140844001.sync';
    await put(straight.rt, key1, incrementalFile('70'));
    expect(await drive(straight.rt, straight.dispatcher, key1)).toBe(1);

    const hurried = runtime({ AB_TIME_BUDGET_MS: '1' });
    const key2 = 'inbound/S3_1_55555_iter_1486140844002.sync';
    await put(hurried.rt, key2, incrementalFile('71'));
    expect(await drive(hurried.rt, hurried.dispatcher, key2)).toBe(4);

    const a = await straight.rt.jobs.get(`ingest:${key1}`);
    const b = await hurried.rt.jobs.get(`ingest:${key2}`);
    expect(b?.status).toBe('succeeded');
    expect(a?.receipt).toMatchObject({ linesRead: 1600, recordsProcessed: 1600, unmatchedIds: 321 });
    expect(withoutSegments(b?.receipt as Receipt)).toEqual(withoutSegments(a?.receipt as Receipt));
    const listA = await scannedMemberKeys(straight.rt.lists, 'aam.70');
    expect(await scannedMemberKeys(straight.rt.lists, 'aam.71')).toEqual(listA);
    expect(listA.length).toBe(a?.receipt.membershipsAdded);
    expect((await straight.rt.lists.get('aam.71'))?.size).toBe(listA.length);
  });

  it('shows a handed-over run its progress (lines, bytes of the object) and clears it when done', async () => {
    const hurried = runtime({ AB_TIME_BUDGET_MS: '1' });
    const key = 'inbound/S3_1_55555_iter_1486140844009.sync';
    const file = incrementalFile('79');
    await put(hurried.rt, key, file);
    await ingestDrop(ingestPortsOf(hurried.rt), { kind: 'drop', key });
    const running = await hurried.rt.jobs.get(`ingest:${key}`);
    expect(running?.status).toBe('running');
    expect(running?.progress?.lines).toBe(500);
    // Bytes are counted as the object's chunks arrive: at least the 500 lines, at most the file.
    const first500 = Buffer.byteLength(file.split('\n').slice(0, 500).join('\n'));
    expect(running?.progress?.bytes).toBeGreaterThanOrEqual(first500);
    expect(running?.progress?.bytes).toBeLessThanOrEqual(Buffer.byteLength(file));
    expect(running?.progress?.at).toBe(running?.updatedAt);
    for (let next = hurried.dispatcher.ingest.shift(); next; next = hurried.dispatcher.ingest.shift())
      await ingestDrop(ingestPortsOf(hurried.rt), next);
    const done = await hurried.rt.jobs.get(`ingest:${key}`);
    expect(done?.status).toBe('succeeded');
    expect(done?.progress).toBeUndefined();
  });

  it('equals an uninterrupted run when the process dies between checkpoints', async () => {
    const straight = runtime({});
    const key1 = 'inbound/S3_1_55555_iter_1486140844003.sync';
    await put(straight.rt, key1, incrementalFile('72'));
    await drive(straight.rt, straight.dispatcher, key1);

    // Checkpoints every 1,000 lines, batches of 500: the third apply (lines 1,001–1,500) writes
    // and then the process dies, past the checkpoint at 1,000 and before the next one.
    const crashing = runtime({ AB_CHECKPOINT_LINES: '1000' });
    let applies = 0;
    const realOpen = crashing.rt.lists.openWrite.bind(crashing.rt.lists);
    crashing.rt.lists.openWrite = async (...args) => {
      const write = await realOpen(...args);
      return new Proxy(write, {
        get(target, property) {
          if (property === 'apply') {
            return async (ops: Parameters<ListWrite['apply']>[0]) => {
              await target.apply(ops);
              if (++applies === 3) throw new Error('simulated crash');
            };
          }
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    };
    const key2 = 'inbound/S3_1_55555_iter_1486140844004.sync';
    await put(crashing.rt, key2, incrementalFile('73'));
    await expect(ingestDrop(ingestPortsOf(crashing.rt), { kind: 'drop', key: key2 })).rejects.toThrow(
      'simulated crash',
    );
    const midway = await crashing.rt.jobs.get(`ingest:${key2}`);
    expect(midway?.status).toBe('running');
    expect(midway?.checkpoint?.linesDone).toBe(1000);

    const recovered = runtime({});
    await drive(recovered.rt, recovered.dispatcher, key2); // the redelivered drop message
    const a = await straight.rt.jobs.get(`ingest:${key1}`);
    const b = await recovered.rt.jobs.get(`ingest:${key2}`);
    expect(withoutSegments(b?.receipt as Receipt)).toEqual(withoutSegments(a?.receipt as Receipt));
    expect(await scannedMemberKeys(recovered.rt.lists, 'aam.73')).toEqual(
      await scannedMemberKeys(straight.rt.lists, 'aam.72'),
    );
  });

  it('rebuilds the seen-set when a full file resumes', async () => {
    const seed = runtime({});
    for (const segment of ['74', '75']) {
      const key = `inbound/S3_1_55555_iter_14861408440${segment}.sync`;
      const body = Array.from({ length: RECIPIENTS }, (_, i) => `${ecid(i + 1)} ${segment} `).join('\n');
      await put(seed.rt, key, body);
      await drive(seed.rt, seed.dispatcher, key);
    }
    const straight = runtime({});
    const key1 = 'inbound/S3_1_55555_full_1486140845074.sync';
    await put(straight.rt, key1, fullFile('74'));
    expect(await drive(straight.rt, straight.dispatcher, key1)).toBe(1);
    const hurried = runtime({ AB_TIME_BUDGET_MS: '1' });
    const key2 = 'inbound/S3_1_55555_full_1486140845075.sync';
    await put(hurried.rt, key2, fullFile('75'));
    expect(await drive(hurried.rt, hurried.dispatcher, key2)).toBeGreaterThan(1);

    const a = await straight.rt.jobs.get(`ingest:${key1}`);
    const b = await hurried.rt.jobs.get(`ingest:${key2}`);
    expect(a?.receipt).toMatchObject({ mode: 'full', membershipsAdded: 0, membershipsRemoved: 30 });
    expect(withoutSegments(b?.receipt as Receipt)).toEqual(withoutSegments(a?.receipt as Receipt));
    const expected = Array.from({ length: 90 }, (_, i) => `r-${i + 1}`).sort();
    expect(await scannedMemberKeys(straight.rt.lists, 'aam.74')).toEqual(expected);
    expect(await scannedMemberKeys(hurried.rt.lists, 'aam.75')).toEqual(expected);
  });
});
