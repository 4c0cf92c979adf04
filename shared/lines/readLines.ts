import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FormatError } from '../errors/index.ts';
import { isGzip } from './isGzip.ts';
import type { Line } from './Line.ts';
import { LineSplitter } from './LineSplitter.ts';
import { peekHead } from './peekHead.ts';

/**
 * Streams the lines of a drop file: the thin adapter that feeds {@link LineSplitter}. Gunzips when
 * the content starts with the gzip magic bytes (whatever the name; concatenated members too),
 * accepts CRLF and LF, skips blank lines (they still advance `lineNumber`), drops a leading BOM,
 * and reports a line over `maxLineBytes` (default 102,400) or not valid UTF-8 as an error for that
 * line instead of failing the file. Memory stays flat: lines are pulled one by one (back-pressure
 * is the consumer's `for await`), and an over-long line is discarded, never buffered whole.
 *
 * Throws {@link FormatError} only when gzip data is corrupt (the rest of the file is unreadable).
 *
 * @example
 * for await (const line of readLines(createReadStream(path))) {
 *   if ('error' in line) counter.lineError(line); else parser.parseLine(line.text, line.lineNumber);
 * }
 */
export async function* readLines(
  source: AsyncIterable<Buffer | Uint8Array | string> | Readable,
  options: { maxLineBytes?: number; rejectedHeadBytes?: number } = {},
): AsyncGenerator<Line> {
  const { head, source: replay } = await peekHead(source, 2);
  const splitter = new LineSplitter(options);
  let chunks: AsyncIterable<Buffer> = replay;
  let input: Readable | undefined;
  if (isGzip(head)) {
    const gunzip = createGunzip();
    input = Readable.from(replay, { objectMode: false });
    input.on('error', (error) => gunzip.destroy(error));
    input.pipe(gunzip);
    chunks = gunzip;
  }
  try {
    for await (const chunk of chunks) {
      const lines = splitter.push(chunk);
      for (let i = 0; i < lines.length; i += 1) yield lines[i] as Line;
    }
  } catch (error) {
    if (isZlibError(error)) {
      throw new FormatError(
        `gzip: corrupt compressed data after line ${splitter.linesSeen}`,
        {
          line: splitter.linesSeen + 1,
        },
        { cause: error },
      );
    }
    throw error;
  } finally {
    // A consumer that stops early (break, error) must not leave the source half-read and open.
    input?.destroy();
  }
  for (const line of splitter.end()) yield line;
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
