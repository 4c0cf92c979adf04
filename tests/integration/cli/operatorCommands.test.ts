import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDrop } from '../../../cli/commands/drop.ts';
import { runJob } from '../../../cli/commands/job.ts';
import { runJobs } from '../../../cli/commands/jobs.ts';
import { runLists } from '../../../cli/commands/lists.ts';
import type { CliIo } from '../../../cli/io.ts';
import { main } from '../../../cli/main.ts';
import { NotFoundError, UnauthorizedError } from '../../../shared/errors/index.ts';
import { emptyReceipt, type Job } from '../../../shared/jobs/index.ts';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';

function capture(env: NodeJS.ProcessEnv = {}): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), env, interactive: false };
}

const ingestJob: Job = {
  jobId: 'ingest:inbound/aam/segments_20240101.sync',
  type: 'ingest',
  status: 'succeeded',
  createdAt: '2024-01-01T10:00:00.000Z',
  updatedAt: '2024-01-01T10:00:03.000Z',
  attempts: 1,
  source: { key: 'inbound/aam/segments_20240101.sync', etag: '"abc"' },
  receipt: {
    ...emptyReceipt('aam-outbound', 'incremental'),
    linesRead: 12,
    recordsProcessed: 9,
    formatErrors: 2,
    invalidIds: 1,
    unmatchedIds: 9,
    segments: ['4321', '4322'],
    errors: [
      { line: 3, reason: 'format: expected 2 tab-separated fields, found 1' },
      { line: 7, reason: 'format: expected 2 tab-separated fields, found 3' },
      { line: 11, reason: 'ecid: expected 38 digits' },
    ],
    warnings: ['applied nothing: none of the 9 valid IDs matched a recipient'],
  },
};

const exportJob: Job = {
  jobId: 'export:weekly:1',
  type: 'export',
  status: 'failed',
  createdAt: '2024-01-01T11:00:00.000Z',
  updatedAt: '2024-01-01T11:00:01.000Z',
  attempts: 2,
  error: { code: 'not_found', message: 'listId: no list aam.9' },
  receipt: {
    ...emptyReceipt('aam-inbound', 'full'),
    recordsWritten: 0,
    recordsWithoutId: 0,
    recordsSuppressed: 0,
  },
};

let stack: TestStack;
let token: string;
let api: { api: string; token: string };
let work: string;

beforeAll(async () => {
  stack = await startTestStack();
  token = await stack.token(['audiences:read']);
  api = { api: stack.apiUrl, token };
  work = mkdtempSync(join(tmpdir(), 'ab-cli-'));
  await stack.runtime.jobs.put(ingestJob);
  await stack.runtime.jobs.put(exportJob);
});

afterAll(async () => {
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('runJobs', () => {
  it('prints the recent jobs newest first with their counters when jobs exist', async () => {
    const io = capture();
    await runJobs(api, io);
    expect(io.lines).toEqual([
      'JOB                                        TYPE    STATUS     LINES  PROCESSED  REJECTED  UNMATCHED  ADDED  REMOVED  WRITTEN  UPDATED',
      'export:weekly:1                            export  failed         0          0         0          0      0        0        0  2024-01-01T11:00:01.000Z',
      'ingest:inbound/aam/segments_20240101.sync  ingest  succeeded     12          9         3          9      0        0        0  2024-01-01T10:00:03.000Z',
    ]);
  });

  it('prints only the asked type with a minted local token when no --api is given', async () => {
    const io = capture({ AB_PORT: new URL(stack.apiUrl).port, AB_HOME: stack.home });
    await runJobs({ type: 'export' }, io);
    expect(io.lines).toHaveLength(2);
    expect(io.lines[1]).toMatch(/^export:weekly:1 +export +failed /);
  });

  it('redraws the table until the signal aborts when watching', async () => {
    const io = capture();
    const controller = new AbortController();
    const out = io.out;
    io.out = (line) => {
      out(line);
      // Two refreshes of header + one ingest row, then stop.
      if (io.lines.length === 4) controller.abort();
    };
    await runJobs({ ...api, type: 'ingest', watch: true, intervalMs: 10, signal: controller.signal }, io);
    expect(io.lines).toHaveLength(4);
    expect(io.lines[2]).toBe(io.lines[0]);
    expect(io.lines[3]).toMatch(/^ingest:inbound\/aam\/segments_20240101\.sync +ingest +succeeded /);
  });

  it('throws UnauthorizedError when the token is forged', async () => {
    await expect(runJobs({ api: stack.apiUrl, token: `${token}x` }, capture())).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
  });
});

describe('runJob', () => {
  it('prints the readable receipt with warnings and the first rejected lines when the job exists', async () => {
    const io = capture();
    await runJob(ingestJob.jobId, { ...api, errors: 2 }, io);
    expect(io.lines).toEqual([
      'job       ingest:inbound/aam/segments_20240101.sync',
      'type      ingest',
      'status    succeeded',
      'created   2024-01-01T10:00:00.000Z',
      'updated   2024-01-01T10:00:03.000Z',
      'attempts  1',
      'format               aam-outbound (incremental)',
      'lines read           12',
      'records processed    9',
      'format errors        2',
      'invalid IDs          1',
      'unmatched IDs        9',
      'memberships added    0',
      'memberships removed  0',
      'ID links             0',
      'segments             4321, 4322',
      'duplicate            no',
      'warnings:',
      '  - applied nothing: none of the 9 valid IDs matched a recipient',
      'rejected lines (first 2 of 3):',
      '  line 3: format: expected 2 tab-separated fields, found 1',
      '  line 7: format: expected 2 tab-separated fields, found 3',
    ]);
  });

  it('prints the failure reason and export counters when an export job failed', async () => {
    const io = capture();
    await runJob(exportJob.jobId, api, io);
    expect(io.lines).toContain('status    failed');
    expect(io.lines).toContain('error: not_found: listId: no list aam.9');
    expect(io.lines.slice(-4)).toEqual([
      'records written      0',
      'records without ID   0',
      'records suppressed   0',
      'error: not_found: listId: no list aam.9',
    ]);
  });

  it('throws NotFoundError naming the job when it does not exist', async () => {
    await expect(runJob('ingest:inbound/none.sync', api, capture())).rejects.toThrow(
      new NotFoundError('API answered 404: jobId: no job ingest:inbound/none.sync'),
    );
  });

  it('exits 2 from the CLI when the job does not exist', async () => {
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    try {
      expect(await main(['job', 'ingest:inbound/none.sync', '--api', stack.apiUrl, '--token', token])).toBe(
        2,
      );
    } finally {
      process.stderr.write = stderr;
    }
  });
});

describe('runLists', () => {
  it('prints the lists the stack holds when one was created through the API', async () => {
    const created = await stack.fetchJson('/v1/lists', {
      method: 'POST',
      body: { name: 'VIP', listId: 'vip' },
    });
    expect(created.status).toBe(201);
    const io = capture();
    await runLists(api, io);
    expect(io.lines).toHaveLength(2);
    expect(io.lines[0]).toBe('LIST  NAME  SOURCE  SEGMENT  SIZE  UPDATED');
    expect(io.lines[1]).toMatch(/^vip {3}VIP {3}api {5}- {11}0 {2}\d{4}-\d{2}-\d{2}T/);
  });
});

describe('runDrop', () => {
  it('uploads the file under inbound/<name> and names its job when no key is given', async () => {
    const file = join(work, 'segments_20240102.sync');
    writeFileSync(file, 'ecid1\t4321\n');
    const io = capture({ AB_S3_PORT: new URL(stack.s3Endpoint).port, AB_BUCKET: stack.bucket });
    await runDrop(file, {}, io);
    expect(io.lines).toHaveLength(2);
    expect(io.lines[0]).toMatch(
      new RegExp(
        `^uploaded ${file} to s3://${stack.bucket}/inbound/segments_20240102\\.sync \\(11 bytes, ETag "[0-9a-f]{32}"\\)$`,
      ),
    );
    expect(io.lines[1]).toBe('job: ingest:inbound/segments_20240102.sync');
    const object = await stack.runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: stack.bucket, Key: 'inbound/segments_20240102.sync' }),
    );
    expect(await object.Body?.transformToString()).toBe('ecid1\t4321\n');
  });

  it('uploads a multipart file byte-exact to the given key with a note when the key is outside inbound/', async () => {
    const file = join(work, 'big.csv');
    const body = Buffer.alloc(9 * 1024 * 1024 + 5, 'a');
    writeFileSync(file, body);
    const io = capture();
    await runDrop(file, { key: 'parked/big.csv', s3Endpoint: stack.s3Endpoint, bucket: stack.bucket }, io);
    expect(io.lines[0]).toContain(`to s3://${stack.bucket}/parked/big.csv (9437189 bytes`);
    expect(io.errors).toEqual(['note: only keys under inbound/ start an ingest job']);
    const object = await stack.runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: stack.bucket, Key: 'parked/big.csv' }),
    );
    const bytes = await object.Body?.transformToByteArray();
    expect(bytes?.length).toBe(body.length);
  });

  it('refuses a missing file with a ValidationError naming FILE', async () => {
    await expect(
      runDrop(join(work, 'nope.sync'), { s3Endpoint: stack.s3Endpoint }, capture()),
    ).rejects.toThrow(/^FILE: no readable file at /);
  });
});
