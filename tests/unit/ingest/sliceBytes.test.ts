import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cutRanges } from '../../../shared/ingest/cutRanges.ts';
import { sliceBytes } from '../../../shared/ingest/sliceBytes.ts';
import { type Line, plainBytes, readLineBatches } from '../../../shared/lines/index.ts';

/** `bytes` in chunks of `size`, counting the chunks pulled and whether the source was closed. */
function counted(bytes: Buffer, size: number) {
  const seen = { pulled: 0, closed: false };
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for (let at = 0; at < bytes.length; at += size) {
        seen.pulled += 1;
        yield bytes.subarray(at, at + size);
      }
    } finally {
      seen.closed = true;
    }
  }
  return { chunks: chunks(), seen };
}

async function joined(source: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(chunk);
  return Buffer.concat(parts).toString();
}

async function lines(source: AsyncIterable<Buffer>, options: Parameters<typeof readLineBatches>[1] = {}) {
  const out: Line[] = [];
  for await (const batch of readLineBatches(source, options)) out.push(...batch);
  return out;
}

describe('sliceBytes', () => {
  const text = Buffer.from('aaa\nbbb\nccc\nddd\n');

  it('gives a range starting and ending exactly at chunk boundaries, and stops pulling at its end', async () => {
    const { chunks, seen } = counted(text, 4);
    expect(await joined(sliceBytes(chunks, { start: 4, end: 8 }))).toBe('bbb\n');
    expect(seen).toEqual({ pulled: 2, closed: true });
  });

  it('gives a range cut inside chunks, skipping the bytes before it by counting', async () => {
    const { chunks, seen } = counted(text, 3);
    expect(await joined(sliceBytes(chunks, { start: 8, end: 12 }))).toBe('ccc\n');
    expect(seen).toEqual({ pulled: 4, closed: true });
  });

  it('gives the last range to the end of a file without a final newline, and nothing for an empty range', async () => {
    const last = Buffer.from('aaa\nbb');
    expect(await joined(sliceBytes(counted(last, 4).chunks, { start: 4, end: 6 }))).toBe('bb');
    expect(await joined(sliceBytes(counted(last, 4).chunks, { start: 4, end: 4 }))).toBe('');
  });

  it('reads, range by range of a gzip file (concatenated members), exactly its lines and numbers', async () => {
    // CRLF lines, a blank line, a line of spaces, a last line without a newline; members cut mid-line.
    const plain = Buffer.from('l1\r\n\nl3 with more\r\nl4\r\n   \nl6 a longer line\nl7\r\nl8');
    const gzip = Buffer.concat([
      gzipSync(plain.subarray(0, 9)),
      gzipSync(plain.subarray(9, 30)),
      gzipSync(plain.subarray(30)),
    ]);
    const whole = await lines(counted(gzip, 5).chunks);
    expect(whole.map((line) => line.lineNumber)).toEqual([1, 3, 4, 6, 7, 8]);
    const ranges = (await cutRanges(plainBytes(counted(gzip, 5).chunks), 6)) ?? [];
    // Newlines at 3, 4, 18 (CRLF), 22, 26, 43 and 47; 50 bytes.
    expect(ranges).toEqual([
      { start: 0, end: 19, firstLine: 1 },
      { start: 19, end: 27, firstLine: 4 },
      { start: 27, end: 44, firstLine: 6 },
      { start: 44, end: 50, firstLine: 7 },
    ]);
    const ranged: Line[] = [];
    for (const range of ranges) {
      const bytes = sliceBytes(plainBytes(counted(gzip, 5).chunks), range);
      ranged.push(...(await lines(bytes, { firstLine: range.firstLine, plain: true })));
    }
    expect(ranged).toEqual(whole);
  });

  it('never gunzips a range whose first bytes happen to be the gzip magic (plain)', async () => {
    const line = Buffer.from([0x1f, 0x8b, 0x41, 0x0a]);
    expect(await lines(counted(line, 4).chunks, { firstLine: 9, plain: true })).toEqual([
      { lineNumber: 9, error: 'not-utf8' },
    ]);
  });
});
