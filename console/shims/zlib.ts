import { Gunzip } from 'fflate';

/**
 * `node:zlib` for the browser build of the parsers: the two calls the line reader and format
 * detection make (`createGunzip`, a partial `gunzipSync` of a file's head), on fflate.
 */
export const constants = { Z_SYNC_FLUSH: 2 };

/** Decompresses as much of `data` as it holds (a head of a larger file is fine). */
export function gunzipSync(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  const gunzip = new Gunzip((chunk) => parts.push(chunk));
  gunzip.push(data, false);
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A gunzip sink the `node:stream` shim's `pipe` writes to, read back as an async iterable. */
export class BrowserGunzip {
  private readonly queue: Uint8Array[] = [];
  private readonly gunzip = new Gunzip((chunk) => this.queue.push(chunk));
  private error: Error | undefined;
  private ended = false;
  private wake: (() => void) | undefined;

  write(chunk: Uint8Array): void {
    try {
      this.gunzip.push(chunk, false);
    } catch (error) {
      this.destroy(Object.assign(new Error(String(error)), { code: 'Z_DATA_ERROR' }));
    }
    this.wake?.();
  }

  end(): void {
    try {
      this.gunzip.push(new Uint8Array(0), true);
    } catch (error) {
      this.error ??= Object.assign(new Error(String(error)), { code: 'Z_BUF_ERROR' });
    }
    this.ended = true;
    this.wake?.();
  }

  destroy(error?: Error): void {
    this.error ??= error;
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.error) throw this.error;
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }
}

export function createGunzip(): BrowserGunzip {
  return new BrowserGunzip();
}
