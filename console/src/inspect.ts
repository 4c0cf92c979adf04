import { inspectDrop } from '../../shared/formats/inspectDrop.ts';
import type { Receipt } from '../../shared/jobs/index.ts';

async function* chunks(file: Blob): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/**
 * `audience-bridge inspect` in the browser: the very same detection, line reader, parsers and
 * receipt counter as ingest (bundled with small `node:` shims), reading the picked file locally.
 * Loaded only by the drop page. Throws the parsers' own error when the file is rejected whole.
 */
export function inspectFile(file: Blob, key: string): Promise<Receipt> {
  return inspectDrop(chunks(file), key);
}
