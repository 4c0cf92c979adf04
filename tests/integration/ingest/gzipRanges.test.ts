import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPortsOf } from '../../../functions/ingestPorts.ts';
import { type RunningDynamo, type RunningS3, startDynamo, startS3 } from '../../../local/emulators.ts';
import { cutRanges } from '../../../shared/ingest/cutRanges.ts';
import { ingestDrop } from '../../../shared/ingest/index.ts';
import type { IngestMessage } from '../../../shared/jobs/index.ts';
import { ecid } from './helpers.ts';
import { crashingRuntime, drive, outcome, putDrop, rangeStack, seedList } from './rangeStacks.ts';

/** Ranges of about 2 KB of the decompressed bytes: the drop below (18,092 bytes) is cut into 10. */
const RANGED = { AB_INGEST_RANGE_BYTES: '2000' };
const LISTS = ['aam.80', 'aam.81'];

/** The iter drop of ranges.test (every counter moves; blank, CRLF and unreadable lines). */
function iterFile(): string {
  const lines: string[] = [];
  for (let round = 0; round < 3; round++) {
    for (let n = 31; n <= 150; n++) lines.push(`${ecid(n)} 80,81 `);
    lines.push('a b c d', `${ecid(9)}\t80`, '', `${ecid(5)} 80 \r`);
    if (round === 0) for (let n = 1; n <= 30; n++) if (n !== 5) lines.push(`${ecid(n)}  80`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `text` gzipped as three concatenated members (as partners send them), cut mid-line at bytes
 * 5,000 and 11,000 of the text; the middle one stored (level 0), so range starts fall inside
 * members of both kinds and members end inside ranges.
 */
function membersOf(text: string): Buffer {
  const bytes = Buffer.from(text);
  return Buffer.concat([
    gzipSync(bytes.subarray(0, 5_000)),
    gzipSync(bytes.subarray(5_000, 11_000), { level: 0 }),
    gzipSync(bytes.subarray(11_000), { level: 1 }),
  ]);
}

describe('one big gzip drop in ranges of its decompressed bytes', () => {
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

  /** The same drop on a stack that reads it whole and on one that cuts it, lists 80 seeded alike. */
  async function twins(name: string, rangedEnv: Record<string, string> = RANGED) {
    const [whole, ranged] = await Promise.all([
      rangeStack(`${name}whole`, base),
      rangeStack(`${name}ranged`, { ...base, ...rangedEnv }),
    ]);
    await Promise.all([seedList(whole, '80', 60), seedList(ranged, '80', 60)]);
    return { whole, ranged };
  }

  it('gives byte-identical receipts, files and lists to the same drop read whole (members cut mid-range)', async () => {
    const { whole, ranged } = await twins('gz');
    const key = 'inbound/S3_1_55555_iter_1486140844001.sync.gz';
    const body = membersOf(iterFile());
    await Promise.all([putDrop(whole, key, body), putDrop(ranged, key, body)]);
    expect(await drive(whole, key)).toEqual([]);
    const messages = await drive(ranged, key);

    const plan = (await ranged.rt.jobs.get(`ingest:${key}`))?.ranges;
    expect(plan?.gzip).toBe(true);
    // The cut of the decompressed bytes: the plain drop's own.
    expect(plan?.ranges).toEqual(await cutRanges(Readable.from([Buffer.from(iterFile())]), 2000));
    expect(plan?.ranges).toHaveLength(10);
    expect(plan?.ranges.map((r) => r.start).filter((s) => s > 5_000 && s < 11_000)).toHaveLength(3);
    expect(messages.filter((m) => m.kind === 'range')).toHaveLength(10);

    const expected = await outcome(whole, key, LISTS);
    expect(await outcome(ranged, key, LISTS)).toEqual(expected);
    expect(expected.receipt).toMatchObject({
      linesRead: 398,
      recordsProcessed: 392,
      formatErrors: 6,
      unmatchedIds: 90,
      membershipsAdded: 60 + 90,
      membershipsRemoved: 29,
    });
    expect(expected.lists.map((list) => list.size)).toEqual([91, 90]);
  }, 120_000);

  it('resumes a crashed gzip range from its checkpoint line, alone, to the same result', async () => {
    const { whole, ranged } = await twins('gzcrash');
    const key = 'inbound/S3_1_55555_iter_1486140844002.sync.gz';
    const body = membersOf(iterFile());
    await Promise.all([putDrop(whole, key, body), putDrop(ranged, key, body)]);
    await drive(whole, key);

    await ingestDrop(ingestPortsOf(ranged.rt), { kind: 'drop', key });
    const jobId = `ingest:${key}`;
    const plan = (await ranged.rt.jobs.get(jobId))?.ranges;
    const range3: IngestMessage = { kind: 'range', jobId, plan: plan?.id ?? '', range: 3 };
    // Its fifth list write (the third batch: two lists a batch) dies past its first checkpoint.
    await expect(ingestDrop(ingestPortsOf(crashingRuntime(ranged, 5)), range3)).rejects.toThrow(
      'simulated crash',
    );
    const saved = await ingestPortsOf(ranged.rt).ledger.ranges.checkpoint(jobId, plan?.id ?? '', 3);
    const firstLine = plan?.ranges[3]?.firstLine ?? 0;
    expect(firstLine).toBe(134);
    expect(saved?.linesDone).toBe(firstLine - 1 + 40);

    const others = ranged.dispatcher.ingest.splice(0).filter((m) => !(m.kind === 'range' && m.range === 3));
    expect(others).toHaveLength(9);
    for (const message of others) await ingestDrop(ingestPortsOf(ranged.rt), message);
    expect((await ranged.rt.jobs.get(jobId))?.status).toBe('running');
    await ingestDrop(ingestPortsOf(ranged.rt), range3);
    expect(ranged.dispatcher.ingest).toEqual([]);
    expect(await outcome(ranged, key, LISTS)).toEqual(await outcome(whole, key, LISTS));
  }, 120_000);

  it('applies whole a gzip drop whose cut pass finds one range, or corrupt data', async () => {
    // Stored gzip (no compression): 4 × its size passes the range size, its text does not.
    const text = Array.from({ length: 150 }, (_, i) => `${ecid(i + 1)} 81`).join('\n');
    const stored = gzipSync(text, { level: 0 });
    const { whole, ranged } = await twins('gzone', { AB_INGEST_RANGE_BYTES: String(text.length + 1) });
    expect(stored.length * 4).toBeGreaterThan(text.length + 1);
    const one = 'inbound/S3_1_55555_iter_1486140844003.sync.gz';
    // Truncated inside its stored member: the whole read fails it at the line where the data ends.
    const corrupt = 'inbound/S3_1_55555_iter_1486140844004.sync.gz';
    const truncated = membersOf(iterFile()).subarray(0, 4_000);
    for (const s of [whole, ranged]) {
      await putDrop(s, one, stored);
      await putDrop(s, corrupt, truncated);
    }
    for (const key of [one, corrupt]) {
      expect(await drive(whole, key)).toEqual([]);
      expect(await drive(ranged, key)).toEqual([]);
      expect((await ranged.rt.jobs.get(`ingest:${key}`))?.ranges).toBeUndefined();
      expect(await outcome(ranged, key, LISTS)).toEqual(await outcome(whole, key, LISTS));
    }
    expect((await outcome(ranged, one, ['aam.81'])).receipt).toMatchObject({
      linesRead: 150,
      membershipsAdded: 120,
    });
    const failed = await ranged.rt.jobs.get(`ingest:${corrupt}`);
    expect(failed?.status).toBe('failed');
    expect(failed?.receipt).toMatchObject({ linesRead: 186, membershipsAdded: 60, membershipsRemoved: 29 });
    expect(failed?.error?.message).toBe('gzip: corrupt compressed data after line 187');
  }, 120_000);
});
