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
 * The read limit: gunzip (when the file is gzip) and iterate its lines as strings, nothing else —
 * no parsing, no validation, no store. Ingest can never be faster than this on the same machine,
 * so every ingest figure is reported as a ratio against it. Lines are decoded one by one (as any
 * line reader must) so the comparison is fair to ingest's own line reader.
 *
 * @example
 * const { rowsPerSec } = await baselineRead('bench/data/seed8-100000/S3_…sync.gz', true);
 */
export async function baselineRead(path: string, gzip: boolean): Promise<Timed> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  const chunks: AsyncIterable<Buffer> = gzip ? file.pipe(createGunzip()) : file;
  let rows = 0;
  let carry = '';
  let chars = 0;
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
      if (line.length > 0) rows += 1;
      chars += line.length;
      start = newline + 1;
    }
    if (start < chunk.length) carry += chunk.toString('utf8', start);
  }
  if (carry.length > 0) rows += 1;
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  // `chars` keeps the decoded lines observable so the engine cannot drop the decoding.
  if (chars < 0) throw new Error('unreachable');
  return { rows, ms, rowsPerSec: rows / (ms / 1000), cpuMs: (used.user + used.system) / 1000 };
}
