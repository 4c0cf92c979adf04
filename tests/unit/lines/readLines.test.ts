import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../shared/errors/index.ts';
import { type Line, readLines } from '../../../shared/lines/index.ts';
import { chunked, collect, fileBody, readable } from '../../helpers/dropFiles.ts';

const read = (body: Buffer, chunkSize = 65_536, maxLineBytes?: number): Promise<Line[]> =>
  collect(readLines(chunked(body, chunkSize), maxLineBytes === undefined ? {} : { maxLineBytes }));

describe('readLines', () => {
  it('yields numbered lines when lines end with LF', async () => {
    expect(await read(fileBody(['a', 'b', 'c']))).toEqual([
      { lineNumber: 1, text: 'a' },
      { lineNumber: 2, text: 'b' },
      { lineNumber: 3, text: 'c' },
    ]);
  });

  it('strips the CR when lines end with CRLF', async () => {
    expect(await read(fileBody(['a b', 'c'], { eol: '\r\n' }))).toEqual([
      { lineNumber: 1, text: 'a b' },
      { lineNumber: 2, text: 'c' },
    ]);
  });

  it('skips blank lines but keeps their numbers when blank and whitespace-only lines occur', async () => {
    const lines = await read(fileBody(['', 'a', '', '  \t', 'b', '', ''], { eol: '\r\n' }));
    expect(lines).toEqual([
      { lineNumber: 2, text: 'a' },
      { lineNumber: 5, text: 'b' },
    ]);
  });

  it('reads the last line when there is no final newline', async () => {
    expect(await read(fileBody(['a', 'last'], { finalNewline: false }))).toEqual([
      { lineNumber: 1, text: 'a' },
      { lineNumber: 2, text: 'last' },
    ]);
  });

  it('drops a UTF-8 BOM when the file starts with one, even split across chunks', async () => {
    const body = fileBody(['id', 'x'], { bom: true });
    for (const size of [1, 2, 3, 4, 1000]) {
      expect(await read(body, size)).toEqual([
        { lineNumber: 1, text: 'id' },
        { lineNumber: 2, text: 'x' },
      ]);
    }
  });

  it('reads a one-byte file when the file is shorter than a BOM', async () => {
    expect(await read(Buffer.from('x'))).toEqual([{ lineNumber: 1, text: 'x' }]);
    expect(await read(Buffer.from('\n\n'))).toEqual([]);
    expect(await read(Buffer.alloc(0))).toEqual([]);
  });

  it('decodes multi-byte characters when they are split across chunks', async () => {
    const body = fileBody(['é€😀', 'ü']);
    expect(await read(body, 1)).toEqual([
      { lineNumber: 1, text: 'é€😀' },
      { lineNumber: 2, text: 'ü' },
    ]);
  });

  it('gunzips by the magic bytes when the content is gzip', async () => {
    const body = fileBody(['a', '', 'b'], { gzip: true, eol: '\r\n' });
    expect(await read(body, 7)).toEqual([
      { lineNumber: 1, text: 'a' },
      { lineNumber: 3, text: 'b' },
    ]);
  });

  it('reads every member when gzip members are concatenated', async () => {
    const body = Buffer.concat([gzipSync('a\nb\n'), gzipSync('c\n'), gzipSync('d')]);
    expect((await read(body)).map((line) => ('text' in line ? line.text : line.error))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('reads a Node Readable when given one', async () => {
    const lines = await collect(readLines(readable(fileBody(['x', 'y']), 1)));
    expect(lines).toHaveLength(2);
  });

  it('accepts a line of exactly 102,400 bytes and rejects one of 102,401 bytes', async () => {
    const ok = 'a'.repeat(102_400);
    const long = 'b'.repeat(102_401);
    for (const eol of ['\n', '\r\n'] as const) {
      for (const size of [1000, 65_536, 300_000]) {
        expect(await read(fileBody([ok, long, 'next'], { eol }), size)).toEqual([
          { lineNumber: 1, text: ok },
          { lineNumber: 2, error: 'line-too-long' },
          { lineNumber: 3, text: 'next' },
        ]);
      }
    }
  });

  it('reports line-too-long when the long line is the last one without newline', async () => {
    expect(await read(Buffer.from(`a\n${'x'.repeat(200_000)}`), 4096)).toEqual([
      { lineNumber: 1, text: 'a' },
      { lineNumber: 2, error: 'line-too-long' },
    ]);
  });

  it('honours maxLineBytes when given', async () => {
    expect(await read(fileBody(['12345', '123456']), 2, 5)).toEqual([
      { lineNumber: 1, text: '12345' },
      { lineNumber: 2, error: 'line-too-long' },
    ]);
  });

  it('discards a 20 MB line without buffering it when it has no newline for a long time', async () => {
    async function* huge(): AsyncGenerator<Buffer> {
      yield Buffer.from('first\n');
      const block = Buffer.alloc(1_048_576, 0x61);
      for (let i = 0; i < 20; i += 1) yield block;
      yield Buffer.from('\nafter\n');
    }
    const before = process.memoryUsage().arrayBuffers;
    const lines = await collect(readLines(huge()));
    expect(lines).toEqual([
      { lineNumber: 1, text: 'first' },
      { lineNumber: 2, error: 'line-too-long' },
      { lineNumber: 3, text: 'after' },
    ]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1_048_576);
  });

  it('reports not-utf8 for that line only when a line has invalid UTF-8', async () => {
    const body = Buffer.concat([
      Buffer.from('ok\n'),
      Buffer.from([0x61, 0xff, 0xfe, 0x0a]),
      Buffer.from('fine\n'),
    ]);
    expect(await read(body, 2)).toEqual([
      { lineNumber: 1, text: 'ok' },
      { lineNumber: 2, error: 'not-utf8' },
      { lineNumber: 3, text: 'fine' },
    ]);
  });

  it('throws a FormatError when the gzip data is truncated', async () => {
    const body = gzipSync(Buffer.from('hello\nworld\n'.repeat(100)));
    await expect(read(body.subarray(0, body.length - 12))).rejects.toBeInstanceOf(FormatError);
  });

  it('keeps a BOM character when it is inside the file rather than at the start', async () => {
    expect(await read(Buffer.from('a\n\ufeffb\n'))).toEqual([
      { lineNumber: 1, text: 'a' },
      { lineNumber: 2, text: '\ufeffb' },
    ]);
  });

  it('releases the source when the consumer stops early on a gzip file', async () => {
    let finished = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield* chunked(fileBody(['a', 'b', 'c'], { gzip: true }), 5);
        yield Buffer.alloc(0);
      } finally {
        finished = true;
      }
    }
    for await (const line of readLines(source())) {
      expect(line).toEqual({ lineNumber: 1, text: 'a' });
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(true);
  });
});
