import { createHash } from 'node:crypto';

/** Running md5 and byte count of a stream, taken while it is read (no second read). */
export interface StreamDigest {
  bytes: number;
  md5(): string;
}

/**
 * Wraps an object body: yields its chunks unchanged while hashing them, so the split-drop check of
 * `.info` (size, md5) costs no extra read.
 */
export function digestStream(source: AsyncIterable<Uint8Array>): {
  stream: AsyncIterable<Buffer>;
  digest: StreamDigest;
} {
  const hash = createHash('md5');
  let finished: string | undefined;
  const digest: StreamDigest = {
    bytes: 0,
    md5: () => {
      finished ??= hash.digest('hex');
      return finished;
    },
  };
  async function* stream(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      hash.update(buffer);
      digest.bytes += buffer.length;
      yield buffer;
    }
  }
  return { stream: stream(), digest };
}
