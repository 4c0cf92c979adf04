import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, pipeline, type Readable, Transform } from 'node:stream';
import { createGzip } from 'node:zlib';

/** A file the writer finished: where it is and what the `.info` says about it. */
export interface WrittenFile {
  name: string;
  key: string;
  /** 1-based; the order files were written in. */
  sequence: number;
  byteSize: number;
  lineCount: number;
  md5: string;
}

/** One object being stored from a stream (S3: a multipart upload). */
export interface ObjectUpload {
  /** Resolves once the whole body is stored; rejects when storing fails. */
  done(): Promise<unknown>;
  /** Stops storing (no partial object or orphan parts are left). */
  abort(): Promise<void>;
}

export interface SplitFileWriterOptions {
  /** Starts storing the object `key` from `body` (the store implementation: `S3ExportFiles`). */
  upload(key: string, body: Readable): ObjectUpload;
  /** Name and key of file number `split` (`undefined` when the output is not split). */
  locate(split: number | undefined): { name: string; key: string };
  /** Data rows per file; unset: one file. */
  splitLines?: number;
  gzip: boolean;
  /** A first line of every file (CSV header); counted in the file's lines, not in `splitLines`. */
  header?: string;
}

class Part {
  readonly input = new PassThrough();
  rows = 0;
  lines = 0;
  bytes = 0;
  readonly md5: Hash = createHash('md5');
  readonly done: Promise<void>;
  /** Rejects when the upload fails, so a writer waiting for `drain` does not wait forever. */
  readonly failed: Promise<never>;
  private readonly upload: ObjectUpload;

  constructor(upload: SplitFileWriterOptions['upload'], key: string, gzip: boolean) {
    const tap = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.md5.update(chunk);
        this.bytes += chunk.length;
        callback(null, chunk);
      },
    });
    let fail: (error: unknown) => void = () => {};
    this.failed = new Promise<never>((_resolve, reject) => {
      fail = reject;
    });
    this.failed.catch(() => {});
    const streams = gzip ? [this.input, createGzip(), tap] : [this.input, tap];
    pipeline(streams as unknown as [PassThrough, Transform], (error) => {
      if (error) fail(error);
    });
    this.upload = upload(key, tap);
    this.done = this.upload.done().then(
      () => undefined,
      (error: unknown) => {
        fail(error);
        throw error;
      },
    );
    // Awaited by `end`; an abandoned part (a failed attempt) must not raise an unhandled rejection.
    this.done.catch(() => {});
  }

  /** Stops the upload (a multipart upload is aborted, so no orphan parts are billed). */
  async abort(): Promise<void> {
    this.input.destroy();
    await this.upload.abort().catch(() => {});
  }

  async write(text: string): Promise<void> {
    if (!this.input.write(text)) await Promise.race([once(this.input, 'drain'), this.failed]);
  }

  async end(): Promise<void> {
    this.input.end();
    await Promise.race([this.done, this.failed]);
  }
}

/**
 * Streams lines into one or more objects (each through `upload`: in S3 a multipart upload, nothing
 * buffered beyond a part), splitting every `splitLines` rows, gzipping when asked, and counting
 * the lines, stored bytes and MD5 the `.info` file needs. A file is opened on its first line, so
 * no empty file is ever written. Calls may come from concurrent workers: writes are serialised.
 *
 * @example
 * const writer = new SplitFileWriter({ upload, gzip: true, locate: (n) => ({ name: `a.${n}`, key: `tmp/a.${n}` }) });
 * await writer.writeLines(['id1\td_sid=42']);
 * const files = await writer.close();
 */
export class SplitFileWriter {
  private part: Part | undefined;
  private split = 0;
  private chain: Promise<void> = Promise.resolve();
  private readonly files: WrittenFile[] = [];
  private current: { name: string; key: string } | undefined;

  constructor(private readonly options: SplitFileWriterOptions) {}

  /** Appends lines (without line ends); resolves once they are handed to the stream. */
  writeLines(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return this.chain;
    this.chain = this.chain.then(() => this.append(lines));
    return this.chain;
  }

  /** Finishes the open file and returns every file written, in order. */
  async close(): Promise<WrittenFile[]> {
    await this.chain;
    await this.finishPart();
    return [...this.files];
  }

  /** Abandons the open file (the attempt failed); files already finished stay where they are. */
  async abort(): Promise<void> {
    const part = this.part;
    this.part = undefined;
    if (part) await part.abort();
  }

  private async append(lines: readonly string[]): Promise<void> {
    let index = 0;
    while (index < lines.length) {
      const part = await this.openPart();
      const room = this.options.splitLines ? this.options.splitLines - part.rows : lines.length - index;
      const take = lines.slice(index, index + room);
      index += take.length;
      part.rows += take.length;
      part.lines += take.length;
      await part.write(`${take.join('\n')}\n`);
      if (this.options.splitLines && part.rows >= this.options.splitLines) await this.finishPart();
    }
  }

  private async openPart(): Promise<Part> {
    if (this.part) return this.part;
    const split = this.options.splitLines ? ++this.split : undefined;
    this.current = this.options.locate(split);
    const part = new Part(this.options.upload, this.current.key, this.options.gzip);
    this.part = part;
    if (this.options.header !== undefined) {
      part.lines += 1;
      await part.write(`${this.options.header}\n`);
    }
    return part;
  }

  private async finishPart(): Promise<void> {
    const part = this.part;
    const where = this.current;
    if (!part || !where) return;
    this.part = undefined;
    await part.end();
    this.files.push({
      name: where.name,
      key: where.key,
      sequence: this.files.length + 1,
      byteSize: part.bytes,
      lineCount: part.lines,
      md5: part.md5.digest('hex'),
    });
  }
}
