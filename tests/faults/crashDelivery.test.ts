import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../functions/runtime.ts';
import { loadSigningKey, SCOPES, signToken } from '../../shared/auth/index.ts';
import { type ChildStack, runtimeFor, spawnStack } from '../helpers/childStack.ts';
import { startSftpServer, type TestSftpServer } from '../helpers/sftpServer.ts';
import { finished, waitFor } from '../helpers/waitFor.ts';

const MEMBERS = Array.from({ length: 7 }, (_, i) => `r-${i + 1}`);

describe('crash of a delivery (SIGKILL of the local stack mid-upload)', () => {
  const home = mkdtempSync(join(tmpdir(), 'ab-crash-delivery-'));
  const stacks: ChildStack[] = [];
  let runtime: Runtime | undefined;
  let sftp: TestSftpServer | undefined;

  afterAll(async () => {
    runtime?.clients.s3.destroy();
    runtime?.clients.ddb.destroy();
    await Promise.all(stacks.map((stack) => stack.kill()));
    await sftp?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('neither loses nor duplicates a file at the partner when the upload of the second file is killed', async () => {
    sftp = await startSftpServer();
    const server = sftp;
    const first = await spawnStack({ home });
    stacks.push(first);
    runtime = runtimeFor(first, home);
    const rt = runtime;
    const token = await signToken({
      key: await loadSigningKey(home),
      issuer: 'audience-bridge-local',
      audience: 'audience-bridge',
      scope: SCOPES.join(' '),
      ttlSeconds: 3600,
    });
    const api = async <T>(path: string, method: string, body?: unknown) => {
      const res = await fetch(`${first.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const answer = (await res.json()) as T;
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
      return answer;
    };
    await api('/v1/data-sources/crm_id', 'PUT', {
      kind: 'declared',
      dpid: 555,
      reconciliationKey: 'recipientId',
      encoding: 'plain',
      channel: 'other',
    });
    for (const id of MEMBERS) await api(`/v1/recipients/${id}`, 'PUT', { attributes: { tier: 'gold' } });
    await api('/v1/lists', 'POST', { listId: 'api.gold', name: 'gold' });
    await api('/v1/lists/api.gold/members', 'POST', { add: MEMBERS });
    await api('/v1/destinations/partner', 'PUT', {
      kind: 'sftp',
      host: server.host,
      port: server.port,
      user: server.user,
      path: 'upload',
      privateKeyPem: server.privateKeyPem,
      hostKeySha256: server.hostKeySha256,
    });
    await api('/v1/shared-audiences/gold', 'PUT', {
      listId: 'api.gold',
      dataSource: 'crm_id',
      format: 'aam-inbound',
      mode: 'full',
      traitId: '77',
      splitLines: 2,
      destination: 'partner',
    });

    // The first write of the second data file never gets its answer: the upload hangs mid-file.
    let release: (verdict: 'fail') => void = () => {};
    let stalledAt: string | undefined;
    server.hooks.beforeWrite = (path) => {
      if (stalledAt || !/\.2\.part$/.test(path)) return undefined;
      stalledAt = path;
      return new Promise((resolve) => {
        release = resolve;
      });
    };
    const { jobId } = await api<{ jobId: string }>('/v1/exports', 'POST', { sharedAudience: 'gold' });
    await waitFor('the stalled upload', 60_000, async () => (stalledAt ? true : undefined));
    await first.kill();
    server.hooks.beforeWrite = undefined;
    release('fail');

    // At the kill: the first file delivered whole, the second only as a partial `.part`.
    expect(server.renames).toHaveLength(1);
    const atKill = readdirSync(join(server.root, 'upload')).sort();
    expect(atKill).toEqual(
      [server.renames[0]?.to.slice('upload/'.length), stalledAt?.slice('upload/'.length)].sort(),
    );

    const second = await spawnStack({ home, ports: first.ports });
    stacks.push(second);
    const exported = await finished(rt, jobId);
    expect(exported.status).toBe('succeeded');
    const keys = exported.outputKeys ?? [];
    const names = keys.map((key) => key.slice(key.lastIndexOf('/') + 1));
    expect(names).toHaveLength(5);
    expect(atKill).toEqual([names[0], `.${names[1]}.part`].sort());
    const delivered = await finished(rt, `deliver:${jobId}`, 120_000);
    expect(delivered.status).toBe('succeeded');
    expect(delivered.attempts).toBe(2);
    // Each file renamed into place exactly once, data files in order, the .info last.
    expect(server.renames.map((r) => r.to)).toEqual(names.map((name) => `upload/${name}`));
    expect(readdirSync(join(server.root, 'upload')).sort()).toEqual([...names].sort());
    for (const key of keys) {
      const ours = await rt.clients.s3.send(new GetObjectCommand({ Bucket: second.bucket, Key: key }));
      const body = Buffer.from((await ours.Body?.transformToByteArray()) ?? []);
      expect(server.read(`upload/${key.slice(key.lastIndexOf('/') + 1)}`).equals(body), key).toBe(true);
    }
    // The killed upload counts as an attempt of the second file.
    expect(delivered.receipt.delivery?.delivered.map((f) => f.attempts)).toEqual([1, 2, 1, 1, 1]);
  });
});
