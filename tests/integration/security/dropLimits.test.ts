import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { dropAndWait, ecid, seedRecipients } from '../ingest/helpers.ts';

describe('limits per drop (issue 15)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({
      env: { ...process.env, AB_MAX_DROP_BYTES: '20000', AB_MAX_DROP_SEGMENTS: '3', LOG_LEVEL: 'SILENT' },
    });
    await seedRecipients(stack, [1, 2]);
  });
  afterAll(() => stack.stop());

  it('fails a gzip bomb past the decompressed byte cap and applies none of its lines', async () => {
    // 2,000 lines (80 KB) that compress to a few hundred bytes; the first lines are valid members.
    const lines = Array.from({ length: 2_000 }, () => `${ecid(1)} 901\n`).join('');
    const bomb = gzipSync(lines);
    expect(bomb.length).toBeLessThan(1_000);
    const job = await dropAndWait(stack, 'inbound/S3_1_55555_iter_1486140844001.sync.gz', bomb);
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({
      code: 'payload_too_large',
      message: 'file: more than 20000 bytes once decompressed',
    });
    expect((await stack.runtime.lists.get('aam.901'))?.size ?? 0).toBe(0);
  });

  it('fails a drop naming more distinct segments than the cap (unique k=v traits mint lists) and creates none', async () => {
    const rows = ['a=1', 'b=2', 'c=3', 'd=4'].map((t) => `${ecid(2)},ecid,${t.replace('=', '_')},traits`);
    const job = await dropAndWait(
      stack,
      'inbound/traits.csv',
      `id,namespace,segment,source\n${rows.join('\n')}\n`,
    );
    expect(job.error).toEqual({
      code: 'payload_too_large',
      message: 'segment: more than 3 distinct segments in one drop',
    });
    const lists = await stack.runtime.lists.list();
    expect(lists.filter((l) => l.listId.startsWith('traits.')).map((l) => l.size)).toEqual(
      [0, 0, 0].slice(0, 0),
    );
  });

  it('fails a drop whose list ID carries an email address', async () => {
    const job = await dropAndWait(
      stack,
      'inbound/leak.csv',
      `id,namespace,segment,source\n${ecid(2)},ecid,john.doe@example.com,vendor\n`,
    );
    expect(job.error?.code).toBe('format_error');
    expect(job.error?.message).toBe(
      'segment: a list ID must be 1 to 256 of A-Z, a-z, 0-9, . _ : = - (source and segment together)',
    );
    expect((await stack.runtime.lists.list()).map((l) => l.listId)).not.toContain(
      'vendor.john.doe@example.com',
    );
  });
});
