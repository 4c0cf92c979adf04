import type { BrowserGunzip } from './zlib.ts';

/**
 * `node:stream` for the browser build of the parsers: only `Readable.from(iterable).pipe(gunzip)`,
 * which the line reader uses to feed a gzip file to the `node:zlib` shim.
 */
export class Readable {
  private destroyed = false;
  private onError: ((error: Error) => void) | undefined;

  private constructor(private readonly source: AsyncIterable<Uint8Array>) {}

  static from(source: AsyncIterable<Uint8Array>): Readable {
    return new Readable(source);
  }

  on(event: string, listener: (error: Error) => void): this {
    if (event === 'error') this.onError = listener;
    return this;
  }

  pipe(sink: BrowserGunzip): BrowserGunzip {
    void (async () => {
      try {
        for await (const chunk of this.source) {
          if (this.destroyed) return;
          sink.write(chunk);
        }
        sink.end();
      } catch (error) {
        this.onError?.(error as Error);
      }
    })();
    return sink;
  }

  destroy(): void {
    this.destroyed = true;
  }
}
