import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesCbcEncryptHex } from '../../../shared/identifiers/index.ts';
import { type FetchJsonOptions, startTestStack, type TestStack } from '../../helpers/localStack.ts';
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
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.stop();
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
    expect(firstJob.receipt).toMatchObject({
      linesRead: 3,
      recordsProcessed: 2,
      invalidIds: 1,
      membershipsAdded: 2,
    });
    expect(firstJob.receipt.errors).toEqual([{ line: 3, reason: expect.any(String) }]);

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
    const receipts = [...(await objectsUnder(stack, 'receipts/')).values()];
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
});
