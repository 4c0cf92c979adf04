import type { Readable } from 'node:stream';

/** Default number of bytes {@link peekHead} gathers: enough for a header row and a few records. */
export const DEFAULT_HEAD_BYTES = 65_536;

/**
 * Reads the first bytes of a stream without losing them: returns them as `head` and a `source`
 * that yields the whole stream again from the first byte. Used to detect a drop's format (and
 * gzip) before parsing it, in ingest and `inspect` alike, with one pass over the object.
 *
 * @example
 * const { head, source } = await peekHead(s3Body);
 * const info = detectDrop(key, head);
 * for await (const line of readLines(source)) { … }
 */
export async function peekHead(
  stream: AsyncIterable<Buffer | Uint8Array | string> | Readable,
  bytes = DEFAULT_HEAD_BYTES,
): Promise<{ head: Buffer; source: AsyncIterable<Buffer> }> {
  const iterator = (stream as AsyncIterable<Buffer | Uint8Array | string>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = toBuffer(next.value);
    chunks.push(chunk);
    size += chunk.length;
  }
  const joined = Buffer.concat(chunks, size);
  const head = joined.length > bytes ? joined.subarray(0, bytes) : joined;
  async function* replay(): AsyncGenerator<Buffer> {
    if (joined.length > 0) yield joined;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield toBuffer(next.value);
    }
  }
  return { head, source: replay() };
}

function toBuffer(value: Buffer | Uint8Array | string): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
