import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cutRanges } from '../../../shared/ingest/cutRanges.ts';
import { readLineBatches } from '../../../shared/lines/index.ts';

const chunks = (text: string, size: number) =>
  Readable.from(
    Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
      Buffer.from(text.slice(i * size, (i + 1) * size)),
    ),
  );

describe('cutRanges', () => {
  it('starts each range after the first newline at or after its nominal start, with its first line number', async () => {
    // Newlines at 3, 7, 11, 15 (lines of 3 characters and a newline).
    const text = 'aaa\nbbb\nccc\nddd\n';
    expect(await cutRanges(chunks(text, 5), 5)).toEqual([
      { start: 0, end: 8, firstLine: 1 },
      { start: 8, end: 12, firstLine: 3 },
      { start: 12, end: 16, firstLine: 4 },
    ]);
  });

  it('merges nominal cuts a long line spans, and keeps a last line without a newline', async () => {
    const text = `${'x'.repeat(12)}\ny\nz`;
    expect(await cutRanges(chunks(text, 4), 3)).toEqual([
      // Cuts at 3, 6, 9 and 12 all fall on the first line's newline (12); the next cut is 15.
      { start: 0, end: 13, firstLine: 1 },
      { start: 13, end: 16, firstLine: 2 },
    ]);
  });

  it('gives one range when the file is shorter than a range', async () => {
    expect(await cutRanges(chunks('a\nb\n', 3), 100)).toEqual([{ start: 0, end: 4, firstLine: 1 }]);
  });

  it('reads, range by range, exactly the lines and numbers of the whole file (blank and CRLF lines included)', async () => {
    const text = 'l1\r\n\nl3 with more\nl4\r\n   \nl6\nl7';
    const whole: unknown[] = [];
    for await (const lines of readLineBatches(chunks(text, 7))) whole.push(...lines);
    const ranged: unknown[] = [];
    for (const range of (await cutRanges(chunks(text, 7), 6)) ?? []) {
      const part = chunks(text.slice(range.start, range.end), 4);
      for await (const lines of readLineBatches(part, { firstLine: range.firstLine })) ranged.push(...lines);
    }
    expect(ranged).toEqual(whole);
    expect(whole).toHaveLength(5);
  });
});
