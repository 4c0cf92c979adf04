import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/jobs/index.ts';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { startSftpServer, type TestSftpServer } from '../../helpers/sftpServer.ts';

const PARTNER_BUCKET = 'partner-inbound';
const MEMBERS = ['r-1', 'r-2', 'r-3', 'r-4', 'r-5'];

describe('delivery of exports to the partner (local stack, partner S3 bucket and SFTP server)', () => {
  let stack: TestStack;
  let sftp: TestSftpServer;

  beforeAll(async () => {
    [stack, sftp] = await Promise.all([startTestStack(), startSftpServer()]);
    await stack.runtime.clients.s3.send(new CreateBucketCommand({ Bucket: PARTNER_BUCKET }));
    await ok('/v1/data-sources/crm_id', 'PUT', {
      kind: 'declared',
      dpid: 555,
      reconciliationKey: 'recipientId',
      encoding: 'plain',
      channel: 'other',
    });
    for (const id of MEMBERS) await ok(`/v1/recipients/${id}`, 'PUT', { attributes: { tier: 'gold' } });
    await ok('/v1/lists', 'POST', { listId: 'api.gold', name: 'gold' });
    await ok('/v1/lists/api.gold/members', 'POST', { add: MEMBERS });
  });
  afterAll(async () => {
    await stack.stop();
    await sftp.close();
  });

  async function ok<T = unknown>(path: string, method: 'PUT' | 'POST', body: unknown): Promise<T> {
    const answer = await stack.fetchJson<T>(path, { method, body });
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  async function ours(key: string): Promise<Buffer> {
    const out = await stack.runtime.clients.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: key }));
    return Buffer.from((await out.Body?.transformToByteArray()) ?? []);
  }

  async function partnerObjects(): Promise<Map<string, Buffer>> {
    const s3 = stack.runtime.clients.s3;
    const page = await s3.send(new ListObjectsV2Command({ Bucket: PARTNER_BUCKET }));
    const out = new Map<string, Buffer>();
    for (const { Key } of page.Contents ?? []) {
      const got = await s3.send(new GetObjectCommand({ Bucket: PARTNER_BUCKET, Key }));
      out.set(Key ?? '', Buffer.from((await got.Body?.transformToByteArray()) ?? []));
    }
    return out;
  }

  /** Exports the shared audience and waits for the export, then for its delivery. */
  async function exportAndDeliver(audience: string): Promise<{ exported: Job; delivered: Job }> {
    const { jobId } = await ok<{ jobId: string }>('/v1/exports', 'POST', { sharedAudience: audience });
    const exported = await stack.waitForJob(jobId);
    expect(exported.status).toBe('succeeded');
    const delivered = await stack.waitForJob(`deliver:${jobId}`);
    return { exported, delivered };
  }

  const baseName = (key: string) => key.slice(key.lastIndexOf('/') + 1);

  it('delivers to an S3 destination: data files first, .info last, byte for byte, with a receipt', async () => {
    const saved = await stack.fetchJson('/v1/destinations/partner-s3', {
      method: 'PUT',
      body: {
        kind: 's3',
        bucket: PARTNER_BUCKET,
        prefix: 'aam/',
        endpoint: stack.s3Endpoint,
        accessKey: { id: 'S3RVER', secret: 'S3RVER' },
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      kind: 's3',
      name: 'partner-s3',
      bucket: PARTNER_BUCKET,
      prefix: 'aam/',
      endpoint: stack.s3Endpoint,
      hasAccessKey: true,
      updatedAt: expect.any(String),
    });
    await ok('/v1/shared-audiences/gold-s3', 'PUT', {
      listId: 'api.gold',
      dataSource: 'crm_id',
      format: 'aam-inbound',
      mode: 'full',
      traitId: '77',
      splitLines: 2,
      destination: 'partner-s3',
    });

    const { exported, delivered } = await exportAndDeliver('gold-s3');
    expect(delivered.status).toBe('succeeded');
    const keys = exported.outputKeys ?? [];
    expect(keys).toHaveLength(4);
    expect(keys[3]).toMatch(/\.info$/);
    const names = keys.map(baseName);
    expect(delivered.receipt.files).toEqual(names);
    const sizes = await Promise.all(keys.map(async (key) => (await ours(key)).length));
    expect(delivered.receipt.delivery).toMatchObject({
      destination: 'partner-s3',
      kind: 's3',
      round: 1,
      bytes: sizes.reduce((a, b) => a + b, 0),
      attempts: 4,
    });
    expect(delivered.receipt.delivery?.delivered.map((f) => f.location)).toEqual(
      names.map((name) => `s3://${PARTNER_BUCKET}/aam/${name}`),
    );
    expect(delivered.outputKeys).toEqual(names.map((name) => `s3://${PARTNER_BUCKET}/aam/${name}`));

    const partner = await partnerObjects();
    expect([...partner.keys()].sort()).toEqual(names.map((name) => `aam/${name}`).sort());
    for (const key of keys) expect(partner.get(`aam/${baseName(key)}`)?.equals(await ours(key))).toBe(true);
    const lines = [...partner.entries()]
      .filter(([key]) => !key.endsWith('.info'))
      .flatMap(([, body]) => body.toString().trim().split('\n'));
    expect(lines.sort()).toEqual(MEMBERS.map((id) => `${id}\td_sid=77`));

    // The receipt is in the bucket too, beside the export's.
    const stored = JSON.parse((await ours(`receipts/deliver:${exported.jobId}.json`)).toString());
    expect(stored).toEqual(delivered.receipt);
  });

  it('delivers to an SFTP destination over a verified host key, renaming the .info last', async () => {
    await ok('/v1/destinations/partner-sftp', 'PUT', {
      kind: 'sftp',
      host: sftp.host,
      port: sftp.port,
      user: sftp.user,
      path: 'upload',
      privateKeyPem: sftp.privateKeyPem,
      hostKeySha256: sftp.hostKeySha256,
    });
    const shown = await stack.fetchJson<Record<string, unknown>>('/v1/destinations/partner-sftp');
    expect(shown.body).toEqual({
      kind: 'sftp',
      name: 'partner-sftp',
      host: '127.0.0.1',
      port: sftp.port,
      user: sftp.user,
      path: 'upload',
      hostKeySha256: sftp.hostKeySha256,
      hasPrivateKey: true,
      updatedAt: expect.any(String),
    });
    await ok('/v1/shared-audiences/gold-sftp', 'PUT', {
      listId: 'api.gold',
      dataSource: 'crm_id',
      format: 'aam-inbound',
      mode: 'full',
      traitId: '78',
      splitLines: 3,
      destination: 'partner-sftp',
    });
    // One upload of the second data file fails: retried within the attempt, counted in the receipt.
    let failed = 0;
    sftp.hooks.beforeWrite = (path) => (path.endsWith('.2.part') && failed++ === 0 ? 'fail' : undefined);
    const { exported, delivered } = await exportAndDeliver('gold-sftp');
    sftp.hooks.beforeWrite = undefined;
    expect(delivered.status).toBe('succeeded');
    const keys = exported.outputKeys ?? [];
    const names = keys.map(baseName);
    expect(names).toHaveLength(3);
    expect(sftp.renames.map((r) => r.to)).toEqual(names.map((name) => `upload/${name}`));
    for (const key of keys) expect(sftp.read(`upload/${baseName(key)}`).equals(await ours(key))).toBe(true);
    expect(delivered.receipt.delivery?.delivered.map((f) => f.attempts)).toEqual([1, 2, 1]);
    expect(delivered.receipt.delivery?.attempts).toBe(4);
    expect(delivered.receipt.delivery?.delivered[0]?.location).toBe(
      `sftp://${sftp.user}@127.0.0.1:${sftp.port}/upload/${names[0]}`,
    );

    // Re-delivery is one call: round 2 sends the same files again, in the same order.
    const again = await stack.fetchJson<{ jobId: string }>('/v1/deliveries', {
      method: 'POST',
      body: { exportJobId: exported.jobId },
    });
    expect(again.status).toBe(202);
    expect(again.body.jobId).toBe(`deliver:${exported.jobId}`);
    const second = await stack.waitForJob(again.body.jobId, {
      where: (job) => job.receipt.delivery?.round === 2,
    });
    expect(second.status).toBe('succeeded');
    expect(second.receipt.delivery?.attempts).toBe(3);
    expect(sftp.renames.map((r) => r.to)).toEqual([...names, ...names].map((name) => `upload/${name}`));
  });

  it('fails a delivery at once, naming the fingerprint, when the SFTP host key does not match', async () => {
    await ok('/v1/destinations/impostor', 'PUT', {
      kind: 'sftp',
      host: sftp.host,
      port: sftp.port,
      user: sftp.user,
      privateKeyPem: sftp.privateKeyPem,
      hostKeySha256: `SHA256:${'B'.repeat(43)}`,
    });
    await ok('/v1/shared-audiences/gold-impostor', 'PUT', {
      listId: 'api.gold',
      dataSource: 'crm_id',
      format: 'aam-inbound',
      mode: 'full',
      traitId: '79',
      destination: 'impostor',
    });
    const renamesBefore = sftp.renames.length;
    const { delivered } = await exportAndDeliver('gold-impostor');
    expect(delivered.status).toBe('failed');
    expect(delivered.attempts).toBe(1);
    expect(delivered.error).toEqual({
      code: 'dependency_failed',
      message: `destination: the SFTP host key is ${sftp.hostKeySha256}, not the configured hostKeySha256`,
    });
    expect(sftp.renames).toHaveLength(renamesBefore);
  });

  it('answers 400 or 404 naming the field for destinations that cannot work', async () => {
    const put = (name: string, body: unknown) =>
      stack.fetchJson(`/v1/destinations/${name}`, { method: 'PUT', body });
    const cases: Array<[unknown, number, string]> = [
      [{ kind: 's3', bucket: PARTNER_BUCKET }, 400, 'roleArn'],
      [
        { kind: 's3', bucket: PARTNER_BUCKET, roleArn: 'arn:aws:iam::123456789012:role/ab' },
        400,
        'externalId',
      ],
      [{ kind: 'sftp', host: 'h', user: 'u', privateKeyPem: sftp.privateKeyPem }, 400, 'hostKeySha256'],
      [
        { kind: 'sftp', host: 'h', user: 'u', privateKeyPem: 'not a key', hostKeySha256: sftp.hostKeySha256 },
        400,
        'privateKeyPem',
      ],
      [{ kind: 'ftp', host: 'h' }, 400, 'kind'],
    ];
    for (const [body, status, field] of cases) {
      const answer = await put('bad', body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(answer.body)).toContain(field);
    }
    const missing = await stack.fetchJson('/v1/shared-audiences/gold-nowhere', {
      method: 'PUT',
      body: { listId: 'api.gold', dataSource: 'crm_id', format: 'csv', mode: 'full', destination: 'nowhere' },
    });
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).toContain('destination');
    expect((await stack.fetchJson('/v1/destinations/nowhere')).status).toBe(404);
    const notAdmin = await stack.fetchJson('/v1/destinations', {
      token: await stack.token(['audiences:read']),
    });
    expect(notAdmin.status).toBe(403);
    const unknownExport = await stack.fetchJson('/v1/deliveries', {
      method: 'POST',
      body: { exportJobId: 'export:gold-s3:1' },
    });
    expect(unknownExport.status).toBe(404);
  });
});
