import type { Readable } from 'node:stream';

/** A drop's object as read: its body (read once, as a stream) and its upload time. */
export interface DropObject {
  body: Readable;
  lastModified?: Date | undefined;
  /** Bytes of the object (of the whole object, also when a range was read). */
  size?: number | undefined;
}

/** Bytes `[start, end)` of an object. */
export interface ByteRange {
  start: number;
  end: number;
}

/** An object found by a listing of `inbound/`. */
export interface ListedDrop {
  key: string;
  etag?: string;
  size?: number;
}

/** Where drops are read from (the data bucket: `S3DropSource`). */
export interface DropSource {
  /** The object (or a byte range of it: a ranged GET), or undefined when it is gone. */
  read(key: string, range?: ByteRange): Promise<DropObject | undefined>;
  /** The object's text (a `.info` control file). */
  readText(key: string): Promise<string>;
  /** The object's ETag without quotes, or undefined when it is gone. */
  head(key: string): Promise<string | undefined>;
  /** Every object under `prefix`, a page at a time. */
  list(prefix: string): AsyncIterable<ListedDrop[]>;
}
