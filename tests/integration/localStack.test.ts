import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Delivery, readyLine, startDynamo } from '../../local/index.ts';
import { createClients } from '../../shared/aws/index.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { DynamoJobStore, emptyReceipt } from '../../shared/jobs/index.ts';
import { createTable } from '../../shared/stores/index.ts';
import { aws } from '../helpers/awsCli.ts';
import { startTestStack, type TestStack } from '../helpers/localStack.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const READY =
  /^audience-bridge ready api=(http:\/\/127\.0\.0\.1:\d+) s3=(http:\/\/127\.0\.0\.1:\d+) dynamodb=(http:\/\/127\.0\.0\.1:\d+) bucket=(\S+)$/;

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Ingest deliveries of S3 notifications (first attempts only), with their record. */
function s3Deliveries(history: readonly Delivery[]) {
  return history
    .filter((d) => d.worker === 'ingest' && d.attempt === 1 && d.body.includes('"Records"'))
    .map((d) => ({ delivery: d, record: (JSON.parse(d.body) as S3Event).Records[0] }));
}

describe('startLocalStack', () => {
  let stack: TestStack;
  let work: string;
  let cliToken: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ab-files-'));
    // `audience-bridge token` runs beside the stack's start: both use the key in the same home.
    const home = join(work, 'home');
    const tokenRun = run(
      'node',
      ['bin/audience-bridge.js', 'token', '--scope', 'audiences:read', '--ttl', '60'],
      {
        cwd: ROOT,
        env: { ...process.env, AB_HOME: home },
      },
    );
    [stack, { stdout: cliToken }] = await Promise.all([startTestStack({ home }), tokenRun]);
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('prints the ready line with the actual api, s3, dynamodb and bucket when started', () => {
    const match = READY.exec(readyLine(stack));
    expect(match?.slice(1)).toEqual([
      stack.apiUrl,
      stack.s3Endpoint,
      stack.dynamodbEndpoint,
      'audience-bridge',
    ]);
    expect(stack.apiUrl).not.toMatch(/:0$/);
  });

  it('answers GET /health 200 when no token is sent', async () => {
    const { status, body } = await stack.fetchJson('/health', { token: null });
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok' });
  });

  it('answers 401 JSON before the handler when the token is missing or invalid', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { scope: 'audiences:read' };
    const other = await generateKeyPair('ES256');
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: stack.signingKey.kid })
      .setIssuer('audience-bridge-local')
      .setAudience('audience-bridge')
      .setSubject('x')
      .setExpirationTime(now + 600)
      .sign(other.privateKey);
    const none = new UnsecuredJWT(claims)
      .setIssuer('audience-bridge-local')
      .setAudience('audience-bridge')
      .setSubject('x')
      .setExpirationTime(now + 600)
      .encode();
    const { importJWK } = await import('jose');
    const ours = await importJWK(stack.signingKey.privateJwk, 'ES256');
    const signed = (edit: (jwt: SignJWT) => SignJWT) =>
      edit(
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'ES256', kid: stack.signingKey.kid })
          .setIssuer('audience-bridge-local')
          .setAudience('audience-bridge')
          .setSubject('x'),
      ).sign(ours);
    const expired = await signed((j) => j.setIssuedAt(now - 7200).setExpirationTime(now - 3600));
    const wrongAudience = await signed((j) => j.setAudience('someone-else').setExpirationTime(now + 600));
    const notYetValid = await signed((j) => j.setNotBefore(now + 3600).setExpirationTime(now + 7200));
    const valid = await signed((j) => j.setExpirationTime(now + 600));

    const cases: Array<[string, string | null]> = [
      ['missing', null],
      ['garbage', 'garbage'],
      ['forged', forged],
      ['alg none', none],
      ['expired', expired],
      ['wrong audience', wrongAudience],
      ['not yet valid', notYetValid],
    ];
    for (const [name, token] of cases) {
      const { status, body } = await stack.fetchJson('/v1/jobs', { token });
      expect({ name, status, body }).toEqual({
        name,
        status: 401,
        body: { error: { code: 'unauthorized', message: 'a valid bearer token is required' } },
      });
    }
    expect((await stack.fetchJson('/v1/jobs', { token: valid })).status).toBe(200);
  });

  it('answers 403 when the token lacks the route scope', async () => {
    const { status, body } = await stack.fetchJson('/v1/jobs', { token: await stack.token(['admin']) });
    expect(status).toBe(403);
    expect(body).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('answers 200 when the token comes from `audience-bridge token`', async () => {
    const token = cliToken.trim();
    expect(token.split('.')).toHaveLength(3);
    const { status, body } = await stack.fetchJson<{ jobs: unknown[] }>('/v1/jobs?type=ingest&limit=5', {
      token,
    });
    expect(status).toBe(200);
    expect(Array.isArray(body.jobs)).toBe(true);
  });

  it('answers 404 JSON when no route matches', async () => {
    const { status, body } = await stack.fetchJson('/v1/nothing-here');
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers 413 without reading on when the body is over the limit', async () => {
    const big = new Uint8Array(stack.config.maxBodyBytes + 1).fill(0x20);
    const { status, body } = await stack.fetchJson('/v1/jobs', { method: 'POST', body: big });
    expect(status).toBe(413);
    expect(body).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers 413 when a chunked body without length runs past the limit', async () => {
    const url = new URL('/v1/jobs', stack.apiUrl);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 8) {
          sent++;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
  });

  it('creates the ingest job of a file copied with the AWS CLI when its key has a space and a plus', async () => {
    const file = join(work, 'segments.sync');
    writeFileSync(file, '12345678901234567890123456789012345678 100,200 \n');
    const key = 'inbound/S3_1234_55555_iter 1+2_1486140844000.sync';
    await aws(stack.s3Endpoint, ['s3', 'cp', file, `s3://${stack.bucket}/${key}`]);
    await until(() =>
      s3Deliveries(stack.dispatcher.history).some((d) => d.record?.s3.object.key.includes('iter+1%2B2')),
    );
    const [seen] = s3Deliveries(stack.dispatcher.history).filter((d) =>
      d.record?.s3.object.key.includes('iter+1%2B2'),
    );
    expect(seen?.record?.eventName).toBe('ObjectCreated:Put');
    expect(seen?.record?.s3.object.key).toBe('inbound/S3_1234_55555_iter+1%2B2_1486140844000.sync');
    expect(seen?.record?.s3.object.size).toBe(48);
    expect(seen?.record?.s3.bucket.name).toBe('audience-bridge');
    const job = await stack.waitForJob(`ingest:${key}`);
    expect(job.type).toBe('ingest');
    expect(['succeeded', 'failed']).toContain(job.status);
  });

  it('delivers a multipart upload once as CompleteMultipartUpload when the AWS CLI copies a 9 MB file', async () => {
    const file = join(work, 'big.csv');
    const line = `${'x'.repeat(99)}\n`;
    writeFileSync(file, line.repeat(90_000));
    const key = 'inbound/big drop.csv';
    await aws(stack.s3Endpoint, ['s3', 'cp', file, `s3://${stack.bucket}/${key}`]);
    const ofKey = () =>
      s3Deliveries(stack.dispatcher.history).filter(
        (d) => d.record?.s3.object.key === 'inbound/big+drop.csv',
      );
    await until(() => ofKey().length > 0);
    await stack.waitForJob(`ingest:${key}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ofKey()).toHaveLength(1);
    expect(ofKey()[0]?.record?.eventName).toBe('ObjectCreated:CompleteMultipartUpload');
    expect(ofKey()[0]?.record?.s3.object.size).toBe(9_000_000);
  });

  it('ignores objects written outside inbound/', async () => {
    const before = s3Deliveries(stack.dispatcher.history).length;
    await stack.drop('outbound/not-a-drop.csv', 'a\n');
    await stack.drop('inbound/ok.csv', 'a\n');
    await until(() => s3Deliveries(stack.dispatcher.history).length > before);
    const keys = s3Deliveries(stack.dispatcher.history)
      .slice(before)
      .map((d) => d.record?.s3.object.key);
    expect(keys).toEqual(['inbound/ok.csv']);
  });
});

describe('startLocalStack on an existing table', () => {
  it('resumes jobs left running or queued and fires the schedule when started', async () => {
    const dynamo = await startDynamo({ port: 0 });
    const clients = createClients(loadConfig({ AB_DYNAMODB_ENDPOINT: dynamo.endpoint }));
    let stack: TestStack | undefined;
    try {
      await createTable(clients.ddb, 'audience-bridge');
      const jobs = new DynamoJobStore(clients.ddb, 'audience-bridge');
      const base = {
        receipt: emptyReceipt(),
        attempts: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      };
      await jobs.put({
        ...base,
        jobId: 'ingest:inbound/left running.sync',
        type: 'ingest',
        status: 'running',
      });
      await jobs.put({ ...base, jobId: 'export:weekly:1', type: 'export', status: 'queued' });
      await jobs.put({ ...base, jobId: 'ingest:inbound/done.sync', type: 'ingest', status: 'succeeded' });

      stack = await startTestStack({ dynamodbEndpoint: dynamo.endpoint, scheduleIntervalMs: 100 });
      const s = stack;
      await until(() => s.dispatcher.history.length >= 2);
      const first = s.dispatcher.history
        .filter((d) => d.attempt === 1)
        .map((d) => [d.worker, JSON.parse(d.body)]);
      expect(first).toEqual(
        expect.arrayContaining([
          ['ingest', { kind: 'continue', jobId: 'ingest:inbound/left running.sync' }],
          ['export', { jobId: 'export:weekly:1' }],
        ]),
      );
      expect(first).toHaveLength(2);
      expect((await s.waitForJob('ingest:inbound/left running.sync')).status).toMatch(/^(succeeded|failed)$/);
      expect((await s.waitForJob('export:weekly:1')).status).toMatch(/^(succeeded|failed)$/);
      await until(() => s.scheduleRuns >= 2, 5_000);
    } finally {
      await stack?.stop();
      clients.ddb.destroy();
      await dynamo.stop();
    }
  });
});

describe('startLocalStack with a persisted home', () => {
  it('keeps jobs, objects and the signing key when restarted', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ab-persist-'));
    let stack: TestStack | undefined;
    try {
      stack = await startTestStack({ home, memory: false });
      const kid = stack.signingKey.kid;
      await stack.runtime.jobs.put({
        jobId: 'export:kept:1',
        type: 'export',
        status: 'succeeded',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        receipt: emptyReceipt(),
        attempts: 1,
      });
      await stack.drop('outbound/kept.txt', 'kept');
      await stack.stop();
      stack = await startTestStack({ home, memory: false });
      expect(stack.signingKey.kid).toBe(kid);
      expect((await stack.runtime.jobs.get('export:kept:1'))?.status).toBe('succeeded');
      const object = await stack.runtime.clients.s3.send(
        new GetObjectCommand({ Bucket: stack.bucket, Key: 'outbound/kept.txt' }),
      );
      expect(await object.Body?.transformToString()).toBe('kept');
    } finally {
      await stack?.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

/** `npm start`'s process (`node bin/audience-bridge.js dev`), memory only, on free ports. */
function startDevProcess() {
  const home = mkdtempSync(join(tmpdir(), 'ab-dev-'));
  const child = spawn('node', ['bin/audience-bridge.js', 'dev'], {
    cwd: ROOT,
    env: {
      ...process.env,
      AB_HOME: home,
      AB_MEMORY: '1',
      AB_PORT: '0',
      AB_S3_PORT: '0',
      AB_DYNAMODB_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const cleanup = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  };
  return { child, output, exited, cleanup };
}

// `npm start`'s process starts with the file (root hooks run before the suites) and is checked
// last: its start overlaps the other suites instead of adding to the file's time.
let dev: ReturnType<typeof startDevProcess> | undefined;
beforeAll(() => {
  dev = startDevProcess();
});
afterAll(() => dev?.cleanup());

describe('audience-bridge dev', () => {
  it('prints one ready line and exits 0 when it gets SIGINT', async () => {
    const proc = dev;
    if (!proc) throw new Error('the dev process did not start');
    await until(() => proc.output.stdout.includes('audience-bridge ready'), 30_000);
    const ready = proc.output.stdout.split('\n').filter((l) => l.startsWith('audience-bridge ready'));
    expect(ready).toHaveLength(1);
    const match = READY.exec(ready[0] ?? '');
    expect(match?.[4]).toBe('audience-bridge');
    const health = await fetch(`${match?.[1]}/health`);
    expect(health.status).toBe(200);
    proc.child.kill('SIGINT');
    expect(await proc.exited).toBe(0);
  });
});
