import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../helpers/localStack.ts';
import { dropAndWait, ecid, memberKeys, seedRecipients } from '../ingest/helpers.ts';

const ts = (n: number) => String(1486140844000 + n);
const md5 = (body: string) => createHash('md5').update(body).digest('hex');
const controlFile = (name: string, part: string, lines = 1) =>
  JSON.stringify({
    Files: [
      {
        FileName: `${name}001.sync`,
        FileSequenceNumber: 1,
        FileByteSize: part.length,
        FileLineCount: lines,
        md5: md5(part),
      },
    ],
    Totals: { TotalNumberFiles: 1, TotalNumberLines: lines, TotalByteSize: part.length },
  });

describe('drops whose time or identity is forged (issue 15)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    await seedRecipients(stack, [1, 2, 3]);
  });
  afterAll(() => stack.stop());

  it('refuses a full file named with a future timestamp (_full_9999999999999) so the next real full still applies', async () => {
    const forged = await dropAndWait(stack, 'inbound/S3_1_55555_full_9999999999999.sync', `${ecid(1)} 888\n`);
    expect(forged.status).toBe('failed');
    expect(forged.error?.code).toBe('format_error');
    expect(forged.error?.message).toMatch(
      /^file: the name says 2286-11-20T17:46:39\.999Z, later than its upload at .+ plus 15 min$/,
    );
    expect(await memberKeys(stack, 'aam.888')).toEqual([]);
    const real = await dropAndWait(stack, `inbound/S3_1_55555_full_${ts(10)}.sync`, `${ecid(2)} 888\n`);
    expect(real.status).toBe('succeeded');
    expect(real.receipt.skipped).toBeUndefined();
    expect(await memberKeys(stack, 'aam.888')).toEqual(['r-2']);
  });

  it("keeps a split drop's .info when another folder drops a .info of the same name (split .info replaced)", async () => {
    const name = `S3_1_55555_iter_${ts(20)}`;
    const part = `${ecid(1)} 889\n`;
    await dropAndWait(stack, `inbound/a/${name}.info`, controlFile(name, part));
    // Another partner's folder, same file name, a .info that would fail the real part's check.
    const other = await dropAndWait(stack, `inbound/b/${name}.info`, controlFile(name, 'x'.repeat(99), 7));
    expect(other.status).toBe('succeeded');
    const job = await dropAndWait(stack, `inbound/a/${name}001.sync`, part);
    expect(job.status).toBe('succeeded');
    expect(job.receipt.membershipsAdded).toBe(1);
    expect(await memberKeys(stack, 'aam.889')).toEqual(['r-1']);
  });

  it('refuses a second, different .info for the same drop, first one wins, and says so in both jobs', async () => {
    const name = `S3_1_55555_iter_${ts(30)}`;
    const part = `${ecid(3)} 890\n`;
    const first = await dropAndWait(stack, `inbound/a/${name}.info`, controlFile(name, part));
    expect(first.status).toBe('succeeded');
    const second = await dropAndWait(
      stack,
      `inbound/a/${name}.sync.info`,
      controlFile(name, 'y'.repeat(50), 4),
    );
    expect(second.status).toBe('failed');
    expect(second.error).toEqual({
      code: 'conflict',
      message: `control file: a different .info for this drop arrived first (inbound/a/${name}.info)`,
    });
    const winner = await stack.runtime.jobs.get(first.jobId);
    expect(winner?.receipt.warnings).toContain(
      `control file: a later, different .info was refused (inbound/a/${name}.sync.info)`,
    );
    const job = await dropAndWait(stack, `inbound/a/${name}001.sync`, part);
    expect(job.status).toBe('succeeded');
    expect(await memberKeys(stack, 'aam.890')).toEqual(['r-3']);
  });
  it('neutralises a =HYPERLINK(…) line in rejected/*.tsv, which went into the file unchanged', async () => {
    const key = 'inbound/hyper.csv';
    const job = await dropAndWait(
      stack,
      key,
      `id,namespace,segment\n${ecid(1)},ecid,891\n=HYPERLINK("http://evil.example"),ecid\n`,
    );
    expect(job.receipt.formatErrors).toBe(1);
    const out = await stack.runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: stack.bucket, Key: `rejected/${key}.tsv` }),
    );
    expect(await out.Body?.transformToString()).toBe(
      `3\trow: malformed CSV quoting\t'=HYPERLINK("http://evil.example"),ecid\n`,
    );
  });
});
