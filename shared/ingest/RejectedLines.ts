/** First bytes of an over-long line kept in the rejected file. */
export const REJECTED_LINE_PREFIX_BYTES = 1024;

/** One file of a drop's refused lines or IDs (`line\treason\traw`), written as lines come. */
export interface RejectedFile {
  readonly key: string;
  write(line: number, reason: string, raw: string): Promise<void>;
  /** Finishes the file (none when nothing was written); returns its key when one was written. */
  close(): Promise<string | undefined>;
  /** Gives the file up (a run that stops early: the next run rewrites the whole file). */
  abort(): Promise<void>;
}

/** Where a drop's rejected lines and unmatched IDs go (the data bucket: `S3RejectedLines`). */
export interface RejectedLines {
  open(key: string): RejectedFile;
  /** Writes the files `parts` one after the other as `key` (a ranged drop's), then deletes them; nothing when there are none. */
  join(key: string, parts: readonly string[]): Promise<void>;
}
