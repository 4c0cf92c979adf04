import type { Readable } from 'node:stream';
import type { Line } from './Line.ts';
import { readLineBatches } from './readLineBatches.ts';

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
  for await (const lines of readLineBatches(source, options)) {
    for (let i = 0; i < lines.length; i += 1) yield lines[i] as Line;
  }
}
