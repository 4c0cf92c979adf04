import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** What one timed pass over a file measured. */
export interface Timed {
  rows: number;
  ms: number;
  rowsPerSec: number;
  /** Process CPU time (user + system, all threads) spent in the pass. */
  cpuMs: number;
}

/**
 * Times one pass over a file's lines: gunzip (when the file is gzip), each line decoded to a
 * string (as any line reader must) and handed to `visit`. The baseline and the minimal ingest loop
 * both read through this, so the two differ only by what they do with a line.
 */
export async function timeLines(path: string, gzip: boolean, visit: (line: string) => void): Promise<Timed> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  const chunks: AsyncIterable<Buffer> = gzip ? file.pipe(createGunzip()) : file;
  let rows = 0;
  let carry = '';
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline === -1) break;
      let line = chunk.toString('utf8', start, newline);
      if (carry !== '') {
        line = carry + line;
        carry = '';
      }
      if (line.length > 0) {
        rows += 1;
        visit(line);
      }
      start = newline + 1;
    }
    if (start < chunk.length) carry += chunk.toString('utf8', start);
  }
  if (carry.length > 0) {
    rows += 1;
    visit(carry);
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { rows, ms, rowsPerSec: rows / (ms / 1000), cpuMs: (used.user + used.system) / 1000 };
}

/**
 * The read limit: gunzip and iterate the lines as strings, nothing else — no parsing, no
 * validation, no store. Ingest can never be faster than this on the same machine, so every ingest
 * figure is reported as a ratio against it.
 *
 * @example
 * const { rowsPerSec } = await baselineRead('bench/data/seed8-100000/S3_…sync.gz', true);
 */
export async function baselineRead(path: string, gzip: boolean): Promise<Timed> {
  let chars = 0;
  const timed = await timeLines(path, gzip, (line) => {
    chars += line.length;
  });
  // `chars` keeps the decoded lines observable so the engine cannot drop the decoding.
  if (chars < 0) throw new Error('unreachable');
  return timed;
}
