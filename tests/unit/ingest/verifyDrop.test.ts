import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { digestStream } from '../../../shared/ingest/digestStream.ts';
import { infoMismatch } from '../../../shared/ingest/verifyDrop.ts';

const TEXT = 'id1 7\nid2 7\n';

async function digestOf(text: string) {
  const { stream, digest } = digestStream(Readable.from([Buffer.from(text)]));
  for await (const _ of stream);
  return digest;
}

describe('verify against the .info', () => {
  const expected = { FileName: 'a.sync', FileByteSize: 12, FileLineCount: 2, md5: '' };
  const read = { format: 'aam-outbound' as const, linesRead: 2, lastLine: 2 };

  it('passes a part of the size, md5 and line count its .info says', async () => {
    const digest = await digestOf(TEXT);
    expect(infoMismatch({ ...expected, md5: digest.md5() }, digest, read)).toBeUndefined();
  });

  it('names the first difference: size, then md5, then lines', async () => {
    const digest = await digestOf(TEXT);
    expect(infoMismatch({ ...expected, FileByteSize: 13 }, digest, read)).toBe(
      'file: 12 bytes, the .info says 13',
    );
    expect(infoMismatch(expected, digest, read)).toBe('file: md5 differs from the .info');
    expect(infoMismatch({ ...expected, md5: digest.md5(), FileLineCount: 3 }, digest, read)).toBe(
      'file: 2 lines, the .info says 3',
    );
  });

  it("counts an AEP CSV's header line", async () => {
    const digest = await digestOf(TEXT);
    const aep = { format: 'aep-csv' as const, linesRead: 1, lastLine: 3 };
    expect(infoMismatch({ ...expected, md5: digest.md5(), FileLineCount: 2 }, digest, aep)).toBeUndefined();
  });
});
