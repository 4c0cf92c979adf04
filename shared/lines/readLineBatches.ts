import type { Readable } from 'node:stream';
import { FormatError, PayloadTooLargeError } from '../errors/index.ts';
import type { Line } from './Line.ts';
import { LineSplitter } from './LineSplitter.ts';
import { isZlibError, plainBytes } from './plainBytes.ts';

/**
 * `readLines` a chunk at a time: yields the lines each decompressed chunk completes (never an
 * empty array), so a hot consumer awaits once per chunk (≈ 1,000 lines) instead of once per line.
 * Same lines, numbers, errors and memory bound.
 *
 * @example
 * for await (const lines of readLineBatches(s3Body)) for (const line of lines) counter.feed(line, parser);
 */
export async function* readLineBatches(
  source: AsyncIterable<Buffer | Uint8Array | string> | Readable,
  options: {
    maxLineBytes?: number;
    rejectedHeadBytes?: number;
    /** Number of the source's first line (a byte range of a file starting mid-way); 1 by default. */
    firstLine?: number;
    /** Most bytes read once decompressed; past it the read fails (`PayloadTooLargeError`). */
    maxBytes?: number;
    /** The source is plain text whatever its first bytes (a range of a drop): never gunzipped. */
    plain?: boolean;
  } = {},
): AsyncGenerator<Line[]> {
  const splitter = new LineSplitter(options);
  // A consumer that stops early closes `chunks` (the loop's exit does), and with it the source.
  const chunks = plainBytes(source, !options.plain);
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      if (bytes > maxBytes)
        throw new PayloadTooLargeError(`file: more than ${maxBytes} bytes once decompressed`, {
          field: 'file',
          line: splitter.linesSeen + 1,
        });
      const lines = splitter.push(chunk);
      if (lines.length > 0) yield lines;
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
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}
