import type { ByteRange } from './DropSource.ts';

/**
 * Bytes `[start, end)` of a stream read from its first byte: a range of a gzip drop, whose
 * decompressed bytes cannot be fetched mid-way. The bytes before `start` are skipped by counting
 * them (no line is parsed: ranges start and end at line boundaries, `cutRanges`), and reading
 * stops once `end` is reached: the source is closed, not read to its end.
 *
 * @example
 * sliceBytes(plainBytes(body), { start: 8, end: 12 }); // the 4 bytes of the third line of 'aaa\nbbb\nccc\nddd\n'
 */
export async function* sliceBytes(source: AsyncIterable<Buffer>, range: ByteRange): AsyncGenerator<Buffer> {
  if (range.end <= range.start) return;
  let offset = 0;
  for await (const chunk of source) {
    const from = Math.max(range.start - offset, 0);
    const to = Math.min(range.end - offset, chunk.length);
    offset += chunk.length;
    if (to > from) yield from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to);
    if (offset >= range.end) return;
  }
}
