import { isUtf8 } from 'node:buffer';
import { DEFAULT_MAX_LINE_BYTES, type Line } from './Line.ts';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * The push-style core of {@link readLines}: feed it decompressed chunks, it returns the lines they
 * complete. Holds at most one partial line (≤ `maxLineBytes` + 1 bytes): a longer line is dropped
 * byte by byte until its newline and reported as `line-too-long`, so memory stays flat whatever
 * the file. Blank lines (empty or only spaces/tabs, and within the limit) are skipped but still numbered; CRLF and LF
 * both end a line; a UTF-8 BOM at the very start is dropped.
 *
 * @example
 * const splitter = new LineSplitter();
 * const lines = [...splitter.push(Buffer.from('a\r\n\nb')), ...splitter.end()];
 * // [{lineNumber: 1, text: 'a'}, {lineNumber: 3, text: 'b'}]
 */
export class LineSplitter {
  private readonly maxLineBytes: number;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private discarding = false;
  private lineNumber = 0;
  private atStart = true;
  /** Bytes of a rejected line kept for the caller (ingest's `rejected/` file); 0: none. */
  private readonly headBytes: number;
  private discardHead: Buffer | undefined;

  constructor(options: { maxLineBytes?: number; rejectedHeadBytes?: number; firstLine?: number } = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.headBytes = options.rejectedHeadBytes ?? 0;
    // A byte range of a file (ingest's ranges) numbers its lines from where it starts; only a
    // file's own start can carry a BOM.
    const firstLine = options.firstLine ?? 1;
    this.lineNumber = firstLine - 1;
    this.atStart = firstLine === 1;
  }

  /** A line error, with the line's first bytes when they were asked for. */
  private rejected(error: 'line-too-long' | 'not-utf8', head: Buffer | undefined): Line {
    if (this.headBytes === 0 || !head) return { lineNumber: this.lineNumber, error };
    return { lineNumber: this.lineNumber, error, head: Buffer.from(head.subarray(0, this.headBytes)) };
  }

  /** Physical lines seen so far (blank ones included). */
  get linesSeen(): number {
    return this.lineNumber;
  }

  /** Splits one chunk; returns the lines it completes, in order. */
  push(chunk: Buffer): Line[] {
    const out: Line[] = [];
    let input = chunk;
    let start = 0;
    if (this.atStart) {
      // Hold the first bytes back until a BOM (3 bytes) can be recognised.
      if (this.pendingBytes + chunk.length < 3) {
        if (chunk.length > 0) {
          this.pending.push(chunk);
          this.pendingBytes += chunk.length;
        }
        return out;
      }
      this.atStart = false;
      if (this.pendingBytes > 0) {
        input = Buffer.concat([...this.pending, chunk]);
        this.pending = [];
        this.pendingBytes = 0;
      }
      if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) start = 3;
    }
    this.split(input, start, out);
    return out;
  }

  /** Flushes the last line when the file has no final newline. */
  end(): Line[] {
    const out: Line[] = [];
    if (this.atStart) {
      // A file shorter than a BOM: split what was held back.
      this.atStart = false;
      const held = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
      this.split(held, 0, out);
    }
    if (this.discarding) {
      this.discarding = false;
      this.lineNumber += 1;
      out.push(this.rejected('line-too-long', this.discardHead));
      this.discardHead = undefined;
    } else if (this.pendingBytes > 0) {
      this.lineNumber += 1;
      const line = this.finishLine(Buffer.alloc(0));
      if (line) out.push(line);
    }
    return out;
  }

  private split(chunk: Buffer, from: number, out: Line[]): void {
    const limit = this.maxLineBytes + 1; // room for a CR that belongs to the line end
    let start = from;
    // The chunk's complete lines checked as UTF-8 at once: then each line is sliced to a string
    // directly (no per-line Buffer view and fatal decoder). Otherwise, line by line as before.
    const lastNewline = chunk.lastIndexOf(LF);
    const valid = lastNewline > start && isUtf8(chunk.subarray(start, lastNewline));
    for (;;) {
      const newline = chunk.indexOf(LF, start);
      if (newline === -1) {
        if (start < chunk.length && !this.discarding) {
          const rest = chunk.length - start;
          if (this.pendingBytes + rest > limit) {
            if (this.headBytes > 0) {
              this.discardHead = Buffer.concat([...this.pending, chunk.subarray(start)]).subarray(
                0,
                this.headBytes,
              );
            }
            this.discarding = true;
            this.pending = [];
            this.pendingBytes = 0;
          } else {
            this.pending.push(chunk.subarray(start));
            this.pendingBytes += rest;
          }
        }
        return;
      }
      this.lineNumber += 1;
      if (this.discarding) {
        this.discarding = false;
        out.push(this.rejected('line-too-long', this.discardHead));
        this.discardHead = undefined;
      } else if (valid && this.pendingBytes === 0) {
        const line = this.wholeLine(chunk, start, newline);
        if (line) out.push(line);
      } else {
        const line = this.finishLine(chunk.subarray(start, newline));
        if (line) out.push(line);
      }
      start = newline + 1;
    }
  }

  /** A line lying wholly in a chunk already known to be valid UTF-8 (what `finishLine` does, cheaper). */
  private wholeLine(chunk: Buffer, start: number, newline: number): Line | undefined {
    let end = newline;
    if (end > start && chunk[end - 1] === CR) end -= 1;
    const length = end - start;
    if (length > this.maxLineBytes) return this.rejected('line-too-long', chunk.subarray(start, newline));
    if (length === 0 || isBlankAt(chunk, start, end)) return undefined;
    return { lineNumber: this.lineNumber, text: chunk.toString('utf8', start, end) };
  }

  private finishLine(tail: Buffer): Line | undefined {
    let bytes: Buffer;
    if (this.pendingBytes === 0) {
      bytes = tail;
    } else {
      this.pending.push(tail);
      bytes = Buffer.concat(this.pending, this.pendingBytes + tail.length);
      this.pending = [];
      this.pendingBytes = 0;
    }
    let length = bytes.length;
    if (length > 0 && bytes[length - 1] === CR) length -= 1;
    if (length > this.maxLineBytes) return this.rejected('line-too-long', bytes);
    if (length === 0 || isBlank(bytes, length)) return undefined;
    try {
      return { lineNumber: this.lineNumber, text: this.decoder.decode(bytes.subarray(0, length)) };
    } catch {
      return this.rejected('not-utf8', bytes.subarray(0, length));
    }
  }
}

function isBlankAt(bytes: Buffer, start: number, end: number): boolean {
  const first = bytes[start];
  if (first !== SPACE && first !== TAB && first !== CR) return false;
  for (let i = start + 1; i < end; i += 1) {
    const b = bytes[i];
    if (b !== SPACE && b !== TAB && b !== CR) return false;
  }
  return true;
}

function isBlank(bytes: Buffer, length: number): boolean {
  const first = bytes[0];
  if (first !== SPACE && first !== TAB && first !== CR) return false;
  for (let i = 1; i < length; i += 1) {
    const b = bytes[i];
    if (b !== SPACE && b !== TAB && b !== CR) return false;
  }
  return true;
}
