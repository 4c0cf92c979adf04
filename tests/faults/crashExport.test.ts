import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../functions/runtime.ts';
import { loadSigningKey, SCOPES, signToken } from '../../shared/auth/index.ts';
import { type ChildStack, runtimeFor, spawnStack } from '../helpers/childStack.ts';
import { seededDrop, seedFaultRecipients } from '../helpers/seededAudience.ts';
import { finished, waitFor } from '../helpers/waitFor.ts';

const MEMBERS = 15_000;
const NAME = 'fault-crash';
const PREFIX = `outbound/${NAME}/`;
const STAGING = `staging/${PREFIX}`;

async function objects(runtime: Runtime, prefix: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  let token: string | undefined;
  do {
    const page = await runtime.clients.s3.send(
      new ListObjectsV2Command({ Bucket: runtime.config.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      if (!object.Key) continue;
      const got = await runtime.clients.s3.send(
        new GetObjectCommand({ Bucket: runtime.config.bucket, Key: object.Key }),
      );
      out.set(object.Key, Buffer.from((await got.Body?.transformToByteArray()) ?? new Uint8Array()));
    }
    token = page.NextContinuationToken;
  } while (token);
  return out;
}

interface InfoFile {
  Files: Array<{ FileName: string; FileByteSize: number; FileLineCount: number; md5: string }>;
  Totals: { TotalNumberFiles: number; TotalNumberLines: number };
}

describe('crash of an export (SIGKILL of the local stack)', () => {
  const home = mkdtempSync(join(tmpdir(), 'ab-crash-export-'));
  const stacks: ChildStack[] = [];
  const runtimes: Runtime[] = [];

  afterAll(async () => {
    for (const runtime of runtimes) {
      runtime.clients.s3.destroy();
      runtime.clients.ddb.destroy();
    }
    await Promise.all(stacks.map((stack) => stack.kill()));
    rmSync(home, { recursive: true, force: true });
  });

  it('publishes only complete files, advances the snapshot once, and a following incremental writes nothing', async () => {
    const first = await spawnStack({ home });
    stacks.push(first);
    const runtime = runtimeFor(first, home);
    runtimes.push(runtime);
    const key = await loadSigningKey(home);
    const token = await signToken({
      key,
      issuer: 'audience-bridge-local',
      audience: 'audience-bridge',
      scope: SCOPES.join(' '),
      ttlSeconds: 3600,
    });
    const api = async <T>(stack: ChildStack, path: string, method: string, body?: unknown) => {
      const res = await fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as T };
    };

    // A list of 15,000 members, through a drop.
    await seedFaultRecipients(runtime, MEMBERS);
    const drop = seededDrop({ rows: MEMBERS, seed: 11, segment: 7101 });
    await runtime.clients.s3.send(
      new PutObjectCommand({ Bucket: first.bucket, Key: drop.key, Body: drop.body }),
    );
    expect((await finished(runtime, `ingest:${drop.key}`)).status).toBe('succeeded');
    const defined = await api(first, `/v1/shared-audiences/${NAME}`, 'PUT', {
      listId: drop.listId,
      dataSource: 'fault-rid',
      format: 'csv',
      mode: 'incremental',
      splitLines: 4000,
    });
    expect(defined.status).toBe(200);

    const started = await api<{ jobId: string }>(first, '/v1/exports', 'POST', { sharedAudience: NAME });
    expect(started.status).toBe(202);
    const { jobId } = started.body;
    // Kill once the export is staging files: mid-way, before anything is published.
    await waitFor('staged files', 60_000, async () => {
      const page = await runtime.clients.s3.send(
        new ListObjectsV2Command({ Bucket: first.bucket, Prefix: STAGING }),
      );
      return (page.KeyCount ?? 0) > 0 ? true : undefined;
    });
    await first.kill();

    // The endpoints died with the process: look at what the kill left as soon as it is back
    // (the resumed attempt needs seconds to reach its publish step).
    const second = await spawnStack({ home, ports: first.ports });
    stacks.push(second);
    expect((await runtime.sharedAudiences.get(NAME))?.snapshot.generation).toBe(0);
    const atKill = [...(await objects(runtime, PREFIX)).keys()];
    expect(atKill.filter((k) => k.endsWith('.info'))).toEqual([]);

    const job = await finished(runtime, jobId);
    expect(job.status).toBe('succeeded');
    expect(job.attempts).toBeGreaterThanOrEqual(2);
    expect(job.receipt).toMatchObject({
      recordsProcessed: MEMBERS,
      recordsWritten: MEMBERS,
      membershipsAdded: MEMBERS,
    });

    const published = await objects(runtime, PREFIX);
    expect([...(await objects(runtime, STAGING)).keys()]).toEqual([]);
    const infos = [...published.keys()].filter((k) => k.endsWith('.info'));
    expect(infos).toHaveLength(1);
    const infoKey = infos[0] ?? '';
    const info = JSON.parse(published.get(infoKey)?.toString('utf8') ?? '{}') as InfoFile;
    const folder = infoKey.slice(0, infoKey.lastIndexOf('/') + 1);
    expect(info.Files).toHaveLength(Math.ceil(MEMBERS / 4000));
    const ids = new Set<string>();
    for (const file of info.Files) {
      const body = published.get(`${folder}${file.FileName}`);
      expect(body, file.FileName).toBeDefined();
      expect(body?.length).toBe(file.FileByteSize);
      expect(
        createHash('md5')
          .update(body ?? Buffer.alloc(0))
          .digest('hex'),
      ).toBe(file.md5);
      const lines = (body?.toString('utf8') ?? '').split('\n').filter((l) => l !== '');
      expect(lines.length).toBe(file.FileLineCount);
      for (const line of lines.slice(1)) ids.add(line.split(',')[0] ?? '');
    }
    expect(ids.size).toBe(MEMBERS);
    // No data file under a final name that the .info does not list.
    const listed = new Set([infoKey, ...info.Files.map((f) => `${folder}${f.FileName}`)]);
    expect([...published.keys()].filter((k) => !listed.has(k))).toEqual([]);
    expect(job.outputKeys?.sort()).toEqual([...listed].sort());

    const audience = await runtime.sharedAudiences.get(NAME);
    expect(audience?.snapshot.jobId).toBe(jobId);
    const generation = audience?.snapshot.generation ?? 0;
    expect(generation).toBeGreaterThan(0);

    const next = await api<{ jobId: string }>(second, '/v1/exports', 'POST', { sharedAudience: NAME });
    expect(next.status).toBe(202);
    const incremental = await finished(runtime, next.body.jobId);
    expect(incremental.status).toBe('succeeded');
    expect(incremental.receipt).toMatchObject({ recordsWritten: 0, files: [] });
    expect([...(await objects(runtime, PREFIX)).keys()].sort()).toEqual([...published.keys()].sort());
  }, 150_000);
});
