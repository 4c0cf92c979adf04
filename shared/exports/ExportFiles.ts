import type { Receipt } from '../jobs/index.ts';
import type { WrittenFile } from './SplitFileWriter.ts';

/** Where an export writes lines: staged data files, or its file of members without an ID. */
export interface LineSink {
  writeLines(lines: readonly string[]): Promise<void>;
  /** Finishes every file; what each holds, in the order written. */
  close(): Promise<WrittenFile[]>;
  /** Drops what was written (a failed attempt). */
  abort(): Promise<void>;
}

/** What one export run produced: its receipt and the keys of the files it published. */
export interface ExportResult {
  receipt: Receipt;
  outputKeys: string[];
  /** `receipts/<jobId>.without-id.txt`, when members had no ID the partner knows. */
  withoutIdKey?: string;
}

/** Where a staged or companion file goes: its name, and the key it is written to. */
export interface SinkOptions {
  locate(split: number | undefined): { name: string; key: string };
  splitLines?: number;
  gzip: boolean;
  header?: string;
}

/** The bucket side of an export (S3 in AWS and locally: `S3ExportFiles`). */
export interface ExportFiles {
  sink(options: SinkOptions): LineSink;
  /**
   * Makes staged files public: each copied to `folder` under its name (a copy is atomic), then the
   * `.info` control file listing them. Returns the keys written, `.info` last.
   */
  publish(files: readonly WrittenFile[], folder: string, infoName: string): Promise<string[]>;
  /** `receipts/<jobId>.json`: what a published attempt produced, read back by its retry. */
  writeResult(jobId: string, result: ExportResult): Promise<void>;
  readResult(jobId: string): Promise<ExportResult>;
  /** Deletes a staging prefix, parts of earlier attempts included (best effort). */
  removeStaging(prefix: string): Promise<void>;
}
