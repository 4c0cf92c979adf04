import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isGzip } from './isGzip.ts';
import { peekHead } from './peekHead.ts';

/**
 * The plain bytes of a drop: gunzipped when its content starts with the gzip magic bytes
 * (concatenated members too, as partners send them), else as they are. `gunzip: false` for bytes
 * known to be plain whatever their first bytes (a range of a drop, decompressed already). A
 * consumer that stops early destroys the decompressor and its input. Corrupt gzip data throws
 * zlib's error ({@link isZlibError}).
 */
export async function* plainBytes(
  source: AsyncIterable<Buffer | Uint8Array | string> | Readable,
  gunzip = true,
): AsyncGenerator<Buffer> {
  const { head, source: replay } = await peekHead(source, 2);
  if (!gunzip || !isGzip(head)) {
    yield* replay;
    return;
  }
  const inflate = createGunzip();
  const input = Readable.from(replay, { objectMode: false });
  input.on('error', (error) => inflate.destroy(error));
  input.pipe(inflate);
  try {
    yield* inflate as AsyncIterable<Buffer>;
  } finally {
    input.destroy();
  }
}

/** Whether an error is zlib's (corrupt or truncated compressed data). */
export function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
