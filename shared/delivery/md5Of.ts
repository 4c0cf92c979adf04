import { digestStream } from '../ingest/digestStream.ts';

/** Reads a stream to its end: its byte count and MD5 (hex), the way a re-read verifies a file. */
export async function md5Of(source: AsyncIterable<Uint8Array>): Promise<{ bytes: number; md5: string }> {
  const { stream, digest } = digestStream(source);
  for await (const _chunk of stream) {
    // Only the digest is wanted.
  }
  return { bytes: digest.bytes, md5: digest.md5() };
}
