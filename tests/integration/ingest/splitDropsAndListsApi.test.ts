import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { dropAndWait, ecid, memberKeys, seedRecipients } from './helpers.ts';

const ts = (n: number) => String(1486140844000 + n);
const md5 = (body: string | Buffer) => createHash('md5').update(body).digest('hex');

describe('ingestDrop split drops and the lists API', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    await seedRecipients(stack, [1, 2, 3, 4, 5, 6]);
  });
  afterAll(() => stack.stop());

  it('waits for every part when the .info arrives first', async () => {
    const name = `S3_1_55555_iter_${ts(40)}`;
    const part1 = `${ecid(1)} 40 \n${ecid(2)} 40 \n`;
    const part2 = `${ecid(3)} 40 \n`;
    const info = {
      Files: [
        {
          FileName: `${name}001.sync`,
          FileSequenceNumber: 1,
          FileByteSize: part1.length,
          FileLineCount: 2,
          md5: md5(part1),
        },
        {
          FileName: `${name}002.sync`,
          FileSequenceNumber: 2,
          FileByteSize: part2.length,
          FileLineCount: 1,
          md5: md5(part2),
        },
      ],
      Totals: { TotalNumberFiles: 2, TotalNumberLines: 3, TotalByteSize: part1.length + part2.length },
    };
    await dropAndWait(stack, `inbound/${name}.info`, JSON.stringify(info));
    await stack.drop(`inbound/${name}001.sync`, part1);
    // A new job is `queued` before it is read; wait for the run that found the drop incomplete.
    const waiting = await stack.waitForJob(`ingest:inbound/${name}001.sync`, {
      until: ['queued'],
      where: (job) => (job.receipt.warnings?.length ?? 0) > 0,
    });
    expect(waiting.receipt.warnings?.[0]).toContain('waiting');
    expect(await memberKeys(stack, 'aam.40')).toEqual([]);
    await stack.drop(`inbound/${name}002.sync`, part2);
    const one = await stack.waitForJob(`ingest:inbound/${name}001.sync`);
    const two = await stack.waitForJob(`ingest:inbound/${name}002.sync`);
    expect([one.status, two.status]).toEqual(['succeeded', 'succeeded']);
    expect(await memberKeys(stack, 'aam.40')).toEqual(['r-1', 'r-2', 'r-3']);
  });

  it('applies the parts only when the .info arrives last', async () => {
    const name = `S3_1_55555_iter_${ts(41)}`;
    const part1 = `${ecid(4)} 41 \n`;
    const part2 = `${ecid(5)} 41 \n${ecid(6)} 41 \n`;
    await stack.drop(`inbound/${name}001.sync`, part1);
    await stack.drop(`inbound/${name}002.sync`, part2);
    await stack.waitForJob(`ingest:inbound/${name}001.sync`, { until: ['queued'] });
    await stack.waitForJob(`ingest:inbound/${name}002.sync`, { until: ['queued'] });
    expect(await stack.runtime.lists.get('aam.41')).toBeUndefined();
    const info = {
      Files: [
        {
          FileName: `${name}001.sync`,
          FileSequenceNumber: 1,
          FileByteSize: part1.length,
          FileLineCount: 1,
          md5: md5(part1),
        },
        {
          FileName: `${name}002.sync`,
          FileSequenceNumber: 2,
          FileByteSize: part2.length,
          FileLineCount: 2,
          md5: md5(part2),
        },
      ],
      Totals: { TotalNumberFiles: 2, TotalNumberLines: 3, TotalByteSize: part1.length + part2.length },
    };
    await stack.drop(`inbound/${name}.info`, JSON.stringify(info));
    expect((await stack.waitForJob(`ingest:inbound/${name}001.sync`)).status).toBe('succeeded');
    expect((await stack.waitForJob(`ingest:inbound/${name}002.sync`)).status).toBe('succeeded');
    expect(await memberKeys(stack, 'aam.41')).toEqual(['r-4', 'r-5', 'r-6']);
  });

  it('fails a part and applies nothing of it when its md5 differs from the .info', async () => {
    const name = `S3_1_55555_iter_${ts(42)}`;
    const part1 = `${ecid(1)} 42 \n${ecid(2)} 42 \n`;
    const info = {
      Files: [
        {
          FileName: `${name}001.sync`,
          FileSequenceNumber: 1,
          FileByteSize: part1.length,
          FileLineCount: 2,
          md5: md5('other'),
        },
      ],
      Totals: { TotalNumberFiles: 1, TotalNumberLines: 2, TotalByteSize: part1.length },
    };
    await dropAndWait(stack, `inbound/${name}.info`, JSON.stringify(info));
    const job = await dropAndWait(stack, `inbound/${name}001.sync`, part1);
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({ code: 'format_error', message: 'file: md5 differs from the .info' });
    expect(await memberKeys(stack, 'aam.42')).toEqual([]);
    expect((await stack.runtime.lists.getStored('aam.42'))?.version).toBe(0);
    // The rolled-back list is free again for the next writer.
    const next = await stack.runtime.lists.openWrite('aam.42', 'next');
    await next.commit();
  });

  it('fails the job with a reason when the file is empty or of unknown format', async () => {
    const empty = await dropAndWait(stack, `inbound/S3_1_55555_iter_${ts(50)}.sync`, '');
    expect(empty.status).toBe('failed');
    expect(empty.error?.code).toBe('format_error');
    const unknown = await dropAndWait(stack, 'inbound/whatever.bin', 'hello world\n');
    expect(unknown.status).toBe('failed');
    expect(unknown.error?.message).toContain('unknown format');
  });

  it('changes members through the lists API when add and remove are posted', async () => {
    const created = await stack.fetchJson<{ listId: string }>('/v1/lists', {
      body: { name: 'VIP', listId: 'vip' },
    });
    expect(created.status).toBe(201);
    expect((await stack.fetchJson('/v1/lists', { body: { name: 'VIP', listId: 'vip' } })).status).toBe(409);
    const changed = await stack.fetchJson('/v1/lists/vip/members', { body: { add: ['r-1', 'r-2', 'r-3'] } });
    expect(changed.body).toMatchObject({ size: 3, added: 3, removed: 0 });
    await stack.fetchJson('/v1/lists/vip/members', { body: { remove: ['r-2', 'r-9'] } });
    const page = await stack.fetchJson<{ members: Array<{ recipientId: string }>; cursor?: string }>(
      '/v1/lists/vip/members?limit=1',
    );
    expect(page.body.members.length).toBe(1);
    expect(page.body.cursor).toBeDefined();
    expect(await memberKeys(stack, 'vip')).toEqual(['r-1', 'r-3']);
    const tooMany = await stack.fetchJson('/v1/lists/vip/members', {
      body: { add: Array.from({ length: 10_001 }, (_, i) => `x${i}`) },
    });
    expect(tooMany.status).toBe(400);
    expect((await stack.fetchJson('/v1/lists/nope')).status).toBe(404);
    const readOnly = await stack.token(['audiences:read']);
    expect((await stack.fetchJson('/v1/lists', { token: readOnly, body: { name: 'x' } })).status).toBe(403);
  });
});
