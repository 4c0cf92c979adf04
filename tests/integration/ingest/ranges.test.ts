import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPortsOf } from '../../../functions/ingestPorts.ts';
import { createRuntime, type Runtime } from '../../../functions/runtime.ts';
import { type RunningDynamo, type RunningS3, startDynamo, startS3 } from '../../../local/emulators.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { ingestDrop } from '../../../shared/ingest/index.ts';
import type { IngestMessage } from '../../../shared/jobs/index.ts';
import type { ListWrite } from '../../../shared/lists/index.ts';
import { DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS } from '../../../shared/partners/index.ts';
import { createTable } from '../../../shared/stores/index.ts';
import { scannedMemberKeys } from '../../helpers/scannedMemberKeys.ts';
import { ecid } from './helpers.ts';
import { QueueDispatcher } from './QueueDispatcher.ts';

const RECIPIENTS = 120;
/** Ranges of about 2 KB: the drops below (~25 KB) are cut into a dozen. */
const RANGED = { AB_INGEST_RANGE_BYTES: '2000' };

/**
 * An iter drop with something in every counter: adds of IDs 31–150 to 80 and 81 three times
 * over (a member met by several ranges at once; 121–150 match nobody), removals of 1–30 from 80
 * after the first round (in middle ranges only: the finish counts the removals any range asked
 * for, not just the last's), lines that do not read (4 fields, a tab), blank and CRLF lines.
 */
function iterFile(): string {
  const lines: string[] = [];
  for (let round = 0; round < 3; round++) {
    for (let n = 31; n <= 150; n++) lines.push(`${ecid(n)} 80,81 `);
    lines.push('a b c d', `${ecid(9)}\t80`, '', `${ecid(5)} 80 \r`);
    if (round === 0) for (let n = 1; n <= 30; n++) if (n !== 5) lines.push(`${ecid(n)}  80`);
  }
  return `${lines.join('\n')}\n`;
}

/** A full drop naming 41–120 of list 90, twice over. */
function fullFile(): string {
  const lines: string[] = [];
  for (let round = 0; round < 2; round++) for (let n = 41; n <= 120; n++) lines.push(`${ecid(n)} 90 `);
  return `${lines.join('\n')}\n`;
}

describe('one big drop in byte ranges', () => {
  let s3: RunningS3;
  let dynamo: RunningDynamo;
  let base: Record<string, string>;

  beforeAll(async () => {
    [s3, dynamo] = await Promise.all([startS3({ port: 0 }), startDynamo({ port: 0 })]);
    base = {
      AB_S3_ENDPOINT: s3.endpoint,
      AB_DYNAMODB_ENDPOINT: dynamo.endpoint,
      AB_CHECKPOINT_LINES: '40',
      AB_INGEST_BATCH_LINES: '20',
      LOG_LEVEL: 'SILENT',
    };
  });
  afterAll(async () => {
    await Promise.all([s3.stop(), dynamo.stop()]);
  });

  /** A stack of its own (table and bucket `name`) with recipients r-1…r-120 linked to ecid(n). */
  async function stack(name: string, env: Record<string, string> = {}) {
    const dispatcher = new QueueDispatcher();
    const rt = createRuntime({
      config: loadConfig({ ...base, AB_TABLE: name, AB_BUCKET: name, ...env }),
      dispatcher,
    });
    await createTable(rt.clients.ddb, name);
    await rt.partners.putIfAbsent(DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS);
    await rt.clients.s3.send(new CreateBucketCommand({ Bucket: name }));
    await rt.identity.recipients.putMany(
      Array.from({ length: RECIPIENTS }, (_, i) => ({
        recipientId: `r-${i + 1}`,
        email: `u${i + 1}@example.com`,
      })),
    );
    for (let n = 1; n <= RECIPIENTS; n++)
      await rt.identity.linkIds([{ namespace: 'ecid', value: ecid(n) }], `r-${n}`);
    return { rt, dispatcher, name };
  }
  type Stack = Awaited<ReturnType<typeof stack>>;

  const put = (s: Stack, key: string, body: string) =>
    s.rt.clients.s3.send(new PutObjectCommand({ Bucket: s.name, Key: key, Body: body }));
  const text = async (s: Stack, key: string) => {
    const out = await s.rt.clients.s3
      .send(new GetObjectCommand({ Bucket: s.name, Key: key }))
      .catch(() => undefined);
    return out ? await out.Body?.transformToString() : undefined;
  };

  /** Runs a drop and every message it queues, the latest first (ranges out of file order). */
  async function drive(s: Stack, key: string, rt: Runtime = s.rt): Promise<IngestMessage[]> {
    const seen: IngestMessage[] = [];
    await ingestDrop(ingestPortsOf(rt), { kind: 'drop', key });
    for (let next = s.dispatcher.ingest.pop(); next; next = s.dispatcher.ingest.pop()) {
      seen.push(next);
      await ingestDrop(ingestPortsOf(rt), next);
    }
    return seen;
  }

  /** What a drop left: job receipt, receipts/ file, rejected and unmatched files, list members and sizes. */
  async function outcome(s: Stack, key: string, lists: string[]) {
    const job = await s.rt.jobs.get(`ingest:${key}`);
    return {
      status: job?.status,
      receipt: job?.receipt,
      receiptFile: await text(s, `receipts/ingest:${key}.json`),
      rejected: await text(s, `rejected/${key}.tsv`),
      unmatched: await text(s, `receipts/${key}.unmatched.tsv`),
      lists: await Promise.all(
        lists.map(async (listId) => ({
          listId,
          size: (await s.rt.lists.get(listId))?.size,
          members: await scannedMemberKeys(s.rt.lists, listId),
        })),
      ),
    };
  }

  /** Members r-1 … r-`count` in list `segment`, applied by a small iter drop. */
  async function seed(s: Stack, segment: string, count: number) {
    const key = `inbound/S3_1_55555_iter_14861408400${segment}.sync`;
    await put(s, key, Array.from({ length: count }, (_, i) => `${ecid(i + 1)} ${segment} `).join('\n'));
    await drive(s, key);
  }

  it('gives byte-identical receipts, files and lists to the same drop read whole', async () => {
    const [whole, ranged] = await Promise.all([stack('whole'), stack('ranged', RANGED)]);
    await Promise.all([seed(whole, '80', 60), seed(ranged, '80', 60)]);
    const key = 'inbound/S3_1_55555_iter_1486140844001.sync';
    const file = iterFile();
    await Promise.all([put(whole, key, file), put(ranged, key, file)]);
    expect(await drive(whole, key)).toEqual([]);
    const messages = await drive(ranged, key);
    const job = await ranged.rt.jobs.get(`ingest:${key}`);
    expect(job?.ranges?.ranges.length).toBe(10); // 18,092 bytes in ranges of about 2,000
    expect(messages.filter((m) => m.kind === 'range')).toHaveLength(job?.ranges?.ranges.length ?? 0);

    const expected = await outcome(whole, key, ['aam.80', 'aam.81']);
    expect(await outcome(ranged, key, ['aam.80', 'aam.81'])).toEqual(expected);
    expect(expected.receipt).toMatchObject({
      linesRead: 398,
      recordsProcessed: 392,
      formatErrors: 6,
      unmatchedIds: 90,
      membershipsAdded: 60 + 90,
      membershipsRemoved: 29,
    });
    expect(expected.rejected?.split('\n')[0]).toMatch(/^121\t/);
    expect(expected.lists.map((list) => list.size)).toEqual([91, 90]);
  }, 120_000);

  it('gives the same result when every range runs at once (lists opened by racing ranges are joined)', async () => {
    const [whole, ranged] = await Promise.all([stack('wholeatonce'), stack('rangedatonce', RANGED)]);
    await Promise.all([seed(whole, '80', 60), seed(ranged, '80', 60)]);
    const key = 'inbound/S3_1_55555_iter_1486140844003.sync';
    await Promise.all([put(whole, key, iterFile()), put(ranged, key, iterFile())]);
    await drive(whole, key);
    await ingestDrop(ingestPortsOf(ranged.rt), { kind: 'drop', key });
    const messages = ranged.dispatcher.ingest.splice(0);
    expect(messages).toHaveLength(10);
    await Promise.all(messages.map((message) => ingestDrop(ingestPortsOf(ranged.rt), message)));
    // A range that met a busy run lease or list hands its message back: run those too.
    for (let next = ranged.dispatcher.ingest.pop(); next; next = ranged.dispatcher.ingest.pop())
      await ingestDrop(ingestPortsOf(ranged.rt), next);
    const lists = ['aam.80', 'aam.81'];
    expect(await outcome(ranged, key, lists)).toEqual(await outcome(whole, key, lists));
  }, 120_000);

  it('removes exactly the members a full drop in ranges did not name', async () => {
    const [whole, ranged] = await Promise.all([stack('wholefull'), stack('rangedfull', RANGED)]);
    await Promise.all([seed(whole, '90', 100), seed(ranged, '90', 100)]);
    const key = 'inbound/S3_1_55555_full_1486140845090.sync';
    await Promise.all([put(whole, key, fullFile()), put(ranged, key, fullFile())]);
    await drive(whole, key);
    expect((await drive(ranged, key)).length).toBeGreaterThan(3);
    const expected = await outcome(whole, key, ['aam.90']);
    expect(await outcome(ranged, key, ['aam.90'])).toEqual(expected);
    expect(expected.receipt).toMatchObject({ mode: 'full', membershipsAdded: 20, membershipsRemoved: 40 });
    expect(expected.lists[0]?.members).toEqual(Array.from({ length: 80 }, (_, i) => `r-${i + 41}`).sort());
  }, 120_000);

  it('resumes only the range that crashed, from its checkpoint, with the same result', async () => {
    const [whole, ranged] = await Promise.all([stack('wholecrash'), stack('rangedcrash', RANGED)]);
    await Promise.all([seed(whole, '80', 60), seed(ranged, '80', 60)]);
    const key = 'inbound/S3_1_55555_iter_1486140844002.sync';
    await Promise.all([put(whole, key, iterFile()), put(ranged, key, iterFile())]);
    await drive(whole, key);

    // A process whose fifth list write of range 3 (the third batch: two lists a batch) dies after
    // writing, past the range's first checkpoint (40 lines).
    const crashing = createRuntime({
      config: loadConfig({ ...base, ...RANGED, AB_TABLE: ranged.name, AB_BUCKET: ranged.name }),
      dispatcher: ranged.dispatcher,
    });
    let applies = 0;
    const realOpen = crashing.lists.openWrite.bind(crashing.lists);
    crashing.lists.openWrite = async (...args) => {
      const write = await realOpen(...args);
      return new Proxy(write, {
        get(target, property) {
          if (property === 'apply')
            return async (ops: Parameters<ListWrite['apply']>[0]) => {
              await target.apply(ops);
              if (++applies === 5) throw new Error('simulated crash');
            };
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    };
    await ingestDrop(ingestPortsOf(ranged.rt), { kind: 'drop', key });
    const job = await ranged.rt.jobs.get(`ingest:${key}`);
    const plan = job?.ranges;
    const range3: IngestMessage = { kind: 'range', jobId: `ingest:${key}`, plan: plan?.id ?? '', range: 3 };
    await expect(ingestDrop(ingestPortsOf(crashing), range3)).rejects.toThrow('simulated crash');
    const saved = await ingestPortsOf(ranged.rt).ledger.ranges.checkpoint(`ingest:${key}`, plan?.id ?? '', 3);
    const firstLine = plan?.ranges[3]?.firstLine ?? 0;
    expect(saved?.linesDone).toBeGreaterThanOrEqual(firstLine - 1 + 40);
    expect(saved?.linesDone).toBeLessThan((plan?.ranges[4]?.firstLine ?? 0) - 1);

    // Every other range runs; then range 3 is delivered again and finishes the drop.
    const others = ranged.dispatcher.ingest.splice(0).filter((m) => !(m.kind === 'range' && m.range === 3));
    for (const message of others) await ingestDrop(ingestPortsOf(ranged.rt), message);
    expect((await ranged.rt.jobs.get(`ingest:${key}`))?.status).toBe('running');
    await ingestDrop(ingestPortsOf(ranged.rt), range3);
    expect(ranged.dispatcher.ingest).toEqual([]);
    expect(await outcome(ranged, key, ['aam.80', 'aam.81'])).toEqual(
      await outcome(whole, key, ['aam.80', 'aam.81']),
    );
  }, 120_000);
});
