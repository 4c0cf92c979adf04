import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * Writes generated chunks to `path`, gzipped when asked, with back-pressure (the file is never
 * held in memory). Returns the bytes written.
 */
export async function writeDrop(path: string, chunks: Iterable<string>, gzip: boolean): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const source = Readable.from(chunks, { objectMode: false });
  if (gzip) await pipeline(source, createGzip({ level: 6 }), createWriteStream(path));
  else await pipeline(source, createWriteStream(path));
}
