import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesCbcEncryptHex } from '../../../shared/identifiers/index.ts';
import { type FetchJsonOptions, startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { startSftpServer, type TestSftpServer } from '../../helpers/sftpServer.ts';
import { type CapturedOutput, captureOutput } from './captureOutput.ts';
import { found, jobAnswers, objectsUnder, tableText } from './leakScan.ts';

const KEY_A = { keyHex: 'A1B2C3D4E5F60718293A4B5C6D7E8F90', ivHex: '0F1E2D3C4B5A69788796A5B4C3D2E1F0' };
const KEY_B = {
  keyHex: '5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
  ivHex: 'c0ffee00c0ffee00c0ffee00c0ffee00',
};
/** Refused (31 hex digits): must not be echoed by the 400 either. */
const BAD_KEY = 'fedcba9876543210fedcba987654321';
const SECRETS = [KEY_A.keyHex, KEY_A.ivHex, KEY_B.keyHex, KEY_B.ivHex, BAD_KEY];

const source = (aes: { keyHex: string; ivHex: string }) => ({
  kind: 'declared',
  dpid: 999,
  reconciliationKey: 'email',
  encoding: 'aes-cbc',
  aes,
  channel: 'email',
});

describe('no secret anywhere', () => {
  let stack: TestStack;
  let sftp: TestSftpServer;
  let output: CapturedOutput;
  const answers: string[] = [];

  /** Calls the API and keeps the answer's text for the final scan. */
  async function call<T>(path: string, options: FetchJsonOptions = {}) {
    const answer = await stack.fetchJson<T>(path, options);
    answers.push(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? ''));
    return answer;
  }

  beforeAll(async () => {
    output = captureOutput();
    [stack, sftp] = await Promise.all([startTestStack(), startSftpServer()]);
  });
  afterAll(async () => {
    await stack.stop();
    await sftp.close();
    output.restore();
  });

  it('keeps AES key material out of answers, jobs, receipts, files, logs, audit and the table when a key is used and rotated', async () => {
    const refused = await call('/v1/data-sources/enc_mail', {
      method: 'PUT',
      body: source({ keyHex: BAD_KEY, ivHex: KEY_A.ivHex }),
    });
    expect(refused.status).toBe(400);
    expect((await call('/v1/data-sources/enc_mail', { method: 'PUT', body: source(KEY_A) })).status).toBe(
      200,
    );
    await call('/v1/recipients/r-1', { method: 'PUT', body: { email: 'alice@example.com' } });
    await call('/v1/recipients/r-2', { method: 'PUT', body: { email: 'bob@example.com' } });

    const first = 'inbound/S3_1_999_iter_1486140844001.sync';
    await stack.drop(
      first,
      `${aesCbcEncryptHex('alice@example.com', KEY_A)} 501\n${aesCbcEncryptHex('carol@example.com', KEY_A)} 501\nzz 501\n`,
    );
    const firstJob = await stack.waitForJob(`ingest:${first}`);
    // `zz` is no AES block: an encoding mismatch of the source, counted as unmatched.
    expect(firstJob.receipt).toMatchObject({
      linesRead: 3,
      recordsProcessed: 3,
      invalidIds: 0,
      unmatchedIds: 1,
      unmatched: { unknownId: 0, noRecipient: 0, blocked: 0, forced: 0, encodingMismatch: 1 },
      membershipsAdded: 2,
    });
    expect(firstJob.receipt.errors).toEqual([]);

    // Rotation: the new key encrypts from now on, the previous one still decrypts.
    expect((await call('/v1/data-sources/enc_mail', { method: 'PUT', body: source(KEY_B) })).status).toBe(
      200,
    );
    const second = 'inbound/S3_1_999_iter_1486140844002.sync';
    await stack.drop(
      second,
      `${aesCbcEncryptHex('bob@example.com', KEY_A)} 502\n${aesCbcEncryptHex('dave@example.com', KEY_B)} 502\n`,
    );
    const secondJob = await stack.waitForJob(`ingest:${second}`);
    expect(secondJob.receipt).toMatchObject({ recordsProcessed: 2, invalidIds: 0, membershipsAdded: 2 });

    // A drop that fails whole: its failure is logged (and must not carry the key either).
    await stack.drop('inbound/unknown-layout.txt', `${KEY_B.keyHex} ${KEY_B.ivHex}\n`);
    expect((await stack.waitForJob('ingest:inbound/unknown-layout.txt')).status).toBe('failed');

    const listed = await call<{ dataSources: Array<{ name: string; hasKey: boolean }> }>('/v1/data-sources');
    expect(listed.body.dataSources).toEqual([expect.objectContaining({ name: 'enc_mail', hasKey: true })]);
    const one = await call<Record<string, unknown>>('/v1/data-sources/enc_mail');
    expect(one.body).toMatchObject({ name: 'enc_mail', hasKey: true, encoding: 'aes-cbc' });
    expect(one.body).not.toHaveProperty('aes');

    await call('/v1/shared-audiences/enc_out', {
      method: 'PUT',
      body: { listId: 'aam.501', dataSource: 'enc_mail', format: 'aam-inbound', mode: 'full', traitId: '9' },
    });
    const started = await call<{ jobId: string }>('/v1/exports', { body: { sharedAudience: 'enc_out' } });
    const exported = await stack.waitForJob(started.body.jobId);
    expect(exported.status).toBe('succeeded');
    expect(exported.receipt).toMatchObject({ recordsWritten: 2, recordsWithoutId: 0 });
    const [dataKey] = exported.outputKeys ?? [];
    const files = await objectsUnder(stack, 'outbound/');
    // The export writes IDs encrypted with the current key (KEY_B), never the key.
    expect(
      files
        .get(dataKey ?? '')
        ?.split('\n')
        .sort(),
    ).toEqual(
      [
        '',
        `${aesCbcEncryptHex('alice@example.com', KEY_B)}\td_sid=9`,
        `${aesCbcEncryptHex('carol@example.com', KEY_B)}\td_sid=9`,
      ].sort(),
    );

    const today = stack.runtime.now().toISOString().slice(0, 10);
    await call(`/v1/audit?date=${today}&limit=100`);
    const receipts = [...(await objectsUnder(stack, 'receipts/'))]
      .filter(([key]) => key.endsWith('.json'))
      .map(([, text]) => text);
    expect(receipts).toHaveLength(4);

    expect(found(answers.join('\n'), SECRETS)).toEqual([]);
    expect(found((await jobAnswers(stack)).join('\n'), SECRETS)).toEqual([]);
    expect(found(receipts.join('\n'), SECRETS)).toEqual([]);
    expect(found([...files.values()].join('\n'), SECRETS)).toEqual([]);
    expect(found(await tableText(stack), SECRETS)).toEqual([]);
    const logs = output.text();
    // Positive control: the logger's lines are captured (a failed drop logs one).
    expect(logs).toContain('"message":"ingest job failed"');
    expect(found(logs, SECRETS)).toEqual([]);
  });

  it('keeps destination secrets (an SFTP private key, an S3 secret key) out of answers, jobs, receipts, logs and the table when deliveries succeed and fail', async () => {
    const BAD_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
    const keyBody = sftp.privateKeyPem.split('\n').slice(1, -2).join('');
    const DESTINATION_SECRETS = [sftp.privateKeyPem, keyBody, keyBody.slice(40, 100), BAD_SECRET];
    await stack.runtime.clients.s3.send(new CreateBucketCommand({ Bucket: 'partner-secret' }));
    const sftpDestination = {
      kind: 'sftp',
      host: sftp.host,
      port: sftp.port,
      user: sftp.user,
      privateKeyPem: sftp.privateKeyPem,
      hostKeySha256: sftp.hostKeySha256,
    };
    const s3Destination = {
      kind: 's3',
      bucket: 'partner-secret',
      endpoint: stack.s3Endpoint,
      accessKey: { id: 'AKIAIOSFODNN7EXAMPLE', secret: BAD_SECRET },
    };
    // A refused body (no fingerprint) is not echoed either.
    const { hostKeySha256: _none, ...noFingerprint } = sftpDestination;
    expect((await call('/v1/destinations/to-sftp', { method: 'PUT', body: noFingerprint })).status).toBe(400);
    expect((await call('/v1/destinations/to-sftp', { method: 'PUT', body: sftpDestination })).status).toBe(
      200,
    );
    expect((await call('/v1/destinations/to-s3', { method: 'PUT', body: s3Destination })).status).toBe(200);
    await call('/v1/destinations');
    await call('/v1/destinations/to-sftp');
    await call('/v1/destinations/to-s3');

    const common = {
      listId: 'aam.501',
      dataSource: 'enc_mail',
      format: 'aam-inbound',
      mode: 'full',
      traitId: '9',
    };
    await call('/v1/shared-audiences/enc_sftp', {
      method: 'PUT',
      body: { ...common, destination: 'to-sftp' },
    });
    await call('/v1/shared-audiences/enc_s3', { method: 'PUT', body: { ...common, destination: 'to-s3' } });
    const toSftp = await call<{ jobId: string }>('/v1/exports', { body: { sharedAudience: 'enc_sftp' } });
    const toS3 = await call<{ jobId: string }>('/v1/exports', { body: { sharedAudience: 'enc_s3' } });
    const delivered = await stack.waitForJob(`deliver:${toSftp.body.jobId}`);
    expect(delivered.status).toBe('succeeded');
    expect(delivered.receipt.delivery?.attempts).toBe(2);
    // A key pair the emulator does not know is refused, and the job says so without the secret.
    const refused = await stack.waitForJob(`deliver:${toS3.body.jobId}`);
    expect(refused.status).toBe('failed');
    expect(refused.error?.message).toBe(
      'destination: S3 refused access to bucket partner-secret (InvalidAccessKeyId)',
    );
    await call('/v1/deliveries', { body: { exportJobId: toSftp.body.jobId } });
    await stack.waitForJob(`deliver:${toSftp.body.jobId}`, {
      where: (job) => job.receipt.delivery?.round === 2,
    });

    const receipts = [...(await objectsUnder(stack, 'receipts/')).values()];
    expect(receipts.filter((r) => r.includes('"delivery"'))).toHaveLength(1);
    expect(found(answers.join('\n'), DESTINATION_SECRETS)).toEqual([]);
    expect(found((await jobAnswers(stack)).join('\n'), DESTINATION_SECRETS)).toEqual([]);
    expect(found(receipts.join('\n'), DESTINATION_SECRETS)).toEqual([]);
    expect(found(await tableText(stack), DESTINATION_SECRETS)).toEqual([]);
    const logs = output.text();
    expect(logs).toContain('"message":"delivery failed for good"');
    expect(found(logs, DESTINATION_SECRETS)).toEqual([]);
  });
});
