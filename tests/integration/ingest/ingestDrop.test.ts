import { gzipSync } from 'node:zlib';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { dropAndWait, ecid, memberKeys, seedRecipients } from './helpers.ts';

const ts = (n: number) => String(1486140844000 + n);

describe('ingestDrop through the local stack', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    await seedRecipients(stack, [1, 2, 3, 4, 5, 6]);
  });
  afterAll(() => stack.stop());

  it('reads CRLF, blank lines and no final newline when the partner file has all three', async () => {
    const body = `${ecid(1)} 10 \r\n\r\n${ecid(2)} 10,11 \r\n\r\n${ecid(99)} 10 `;
    const job = await dropAndWait(stack, `inbound/S3_1_55555_iter_${ts(1)}.sync`, body);
    expect(job.status).toBe('succeeded');
    expect(job.receipt).toMatchObject({
      format: 'aam-outbound',
      mode: 'incremental',
      linesRead: 3,
      recordsProcessed: 3,
      formatErrors: 0,
      invalidIds: 0,
      unmatchedIds: 1,
      membershipsAdded: 3,
      membershipsRemoved: 0,
      segments: ['10', '11'],
      duplicate: false,
    });
    expect(await memberKeys(stack, 'aam.10')).toEqual(['r-1', 'r-2']);
    expect(await memberKeys(stack, 'aam.11')).toEqual(['r-2']);
    expect((await stack.fetchJson('/v1/lists/aam.10')).body).toMatchObject({
      listId: 'aam.10',
      source: 'aam',
      segmentId: '10',
      size: 2,
    });
  });

  it('gunzips a drop when the content is gzip', async () => {
    const body = gzipSync(`${ecid(3)} 12 \n${ecid(4)} 12 \n`);
    const job = await dropAndWait(stack, `inbound/S3_1_55555_iter_${ts(2)}.sync.gz`, body);
    expect(job.receipt).toMatchObject({ linesRead: 2, recordsProcessed: 2, membershipsAdded: 2 });
    expect(await memberKeys(stack, 'aam.12')).toEqual(['r-3', 'r-4']);
  });

  it('skips the same object when it is dropped twice', async () => {
    const key = `inbound/S3_1_55555_iter_${ts(3)}.sync`;
    const body = `${ecid(5)} 13 \n`;
    const first = await dropAndWait(stack, key, body);
    expect(first.receipt).toMatchObject({ membershipsAdded: 1, duplicate: false });
    await stack.drop(key, body);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stack.dispatcher.idle();
    const second = await stack.waitForJob(`ingest:${key}`);
    expect(second.receipt).toMatchObject({ duplicate: true, skipped: 'duplicate', membershipsAdded: 0 });
    expect((await stack.runtime.lists.get('aam.13'))?.size).toBe(1);
  });

  it('rejects an over-long line and non-UTF-8 bytes when the rest of the file lands', async () => {
    const key = `inbound/S3_1_55555_iter_${ts(4)}.sync`;
    const start = `${ecid(1)} 14 `;
    const long = `${start}${'1'.repeat(102_401 - start.length)}`;
    expect(Buffer.byteLength(long)).toBe(102_401);
    const bad = Buffer.concat([
      Buffer.from(`${ecid(2)} 14 \xff`, 'latin1'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n'),
    ]);
    const body = Buffer.concat([Buffer.from(`${long}\n`), bad, Buffer.from(`${ecid(3)} 14 \n`)]);
    const job = await dropAndWait(stack, key, body);
    expect(job.receipt).toMatchObject({
      linesRead: 3,
      formatErrors: 2,
      recordsProcessed: 1,
      membershipsAdded: 1,
    });
    expect(job.receipt.errors.map((e) => e.line)).toEqual([1, 2]);
    expect(await memberKeys(stack, 'aam.14')).toEqual(['r-3']);
    const rejected = await stack.runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: stack.bucket, Key: `rejected/${key}.tsv` }),
    );
    const text = (await rejected.Body?.transformToString()) ?? '';
    const rows = text
      .split('\n')
      .filter(Boolean)
      .map((row) => row.split('\t'));
    expect(rows.map((row) => row[0])).toEqual(['1', '2']);
    expect(rows[0]?.[1]).toBe('line: longer than 102400 bytes');
    expect(rows[0]?.[2]).toBe(long.slice(0, 1024));
    expect(rows[1]?.[1]).toBe('line: not valid UTF-8');
  });

  it('applies an AAM iter then a full with exact members', async () => {
    const iter = `${ecid(1)} 20 \n${ecid(2)} 20 \n${ecid(3)} 20,21 \n${ecid(4)} 21 \n`;
    await dropAndWait(stack, `inbound/S3_1_55555_iter_${ts(10)}.sync`, iter);
    expect(await memberKeys(stack, 'aam.20')).toEqual(['r-1', 'r-2', 'r-3']);
    const full = `${ecid(2)} 20 \n${ecid(5)} 20 \n${ecid(6)}  21\n`;
    const job = await dropAndWait(stack, `inbound/S3_1_55555_full_${ts(11)}.sync`, full);
    expect(job.receipt).toMatchObject({
      mode: 'full',
      linesRead: 3,
      membershipsAdded: 1,
      membershipsRemoved: 4,
    });
    expect(await memberKeys(stack, 'aam.20')).toEqual(['r-2', 'r-5']);
    // A full naming segment 21 only in removals empties it.
    expect(await memberKeys(stack, 'aam.21')).toEqual([]);
    expect((await stack.runtime.lists.get('aam.21'))?.size).toBe(0);
    // A full whose IDs for segment 20 reconcile to nobody empties it too.
    await dropAndWait(stack, `inbound/S3_1_55555_iter_${ts(12)}.sync`, `${ecid(1)} 22 \n${ecid(2)} 22 \n`);
    const unmatched = await dropAndWait(stack, `inbound/S3_1_55555_full_${ts(13)}.sync`, `${ecid(98)} 22 \n`);
    expect(unmatched.receipt).toMatchObject({ unmatchedIds: 1, membershipsAdded: 0, membershipsRemoved: 2 });
    expect(await memberKeys(stack, 'aam.22')).toEqual([]);
    const stale = await dropAndWait(stack, `inbound/S3_1_55555_full_${ts(5)}.sync`, `${ecid(1)} 20 \n`);
    expect(stale.receipt.skipped).toBe('stale');
    expect(await memberKeys(stack, 'aam.20')).toEqual(['r-2', 'r-5']);
  });

  it('reads quoted key-value traits when an AAM inbound file has them', async () => {
    const body = `${ecid(1)}\t"color"="red", d_sid=30\n${ecid(2)}\tcolor = "red"\n${ecid(3)}\t30:0\n`;
    const job = await dropAndWait(stack, 'inbound/ftp_dpm_21_1486140844.sync', body);
    expect(job.receipt).toMatchObject({
      format: 'aam-inbound',
      linesRead: 3,
      recordsProcessed: 3,
      membershipsAdded: 3,
    });
    expect(await memberKeys(stack, 'aam.color=red')).toEqual(['r-1', 'r-2']);
    expect(await memberKeys(stack, 'aam.30')).toEqual(['r-1']);
  });

  it('removes exited rows and matches emails whatever their case when an AEP CSV arrives', async () => {
    const seg = '12341e18-abcd-49c2-836d-123c88e76c39';
    const first =
      'Email,segmentMembership_status\nUSER1@example.com,realized\nuser2@EXAMPLE.COM,existing\nuser3@example.com,realized\nnobody@example.com,realized\n';
    const job = await dropAndWait(stack, `inbound/dest_segment${seg}_20240102030405.csv`, first);
    expect(job.receipt).toMatchObject({
      format: 'aep-csv',
      linesRead: 4,
      recordsProcessed: 4,
      unmatchedIds: 1,
      membershipsAdded: 3,
    });
    expect(await memberKeys(stack, `aep.${seg}`)).toEqual(['r-1', 'r-2', 'r-3']);
    const second = 'Email,segmentMembership_status\nuser2@example.com,exited\n';
    const next = await dropAndWait(stack, `inbound/dest_segment${seg}_20240103030405.csv`, second);
    expect(next.receipt).toMatchObject({ membershipsRemoved: 1 });
    expect(await memberKeys(stack, `aep.${seg}`)).toEqual(['r-1', 'r-3']);
  });
});
