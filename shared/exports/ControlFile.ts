/** One data file as the `.info` control file describes it. */
export interface ControlFileEntry {
  FileName: string;
  FileSequenceNumber: number;
  /** Bytes as stored (after gzip). */
  FileByteSize: number;
  /** Lines of data (before gzip; a CSV header counts as a line). */
  FileLineCount: number;
  /** Lowercase hex MD5 of the stored bytes. */
  md5: string;
}

/** The `.info` control file (FORMATS.md): written last, so its presence says the drop is complete. */
export interface ControlFile {
  Files: ControlFileEntry[];
  Totals: { TotalNumberFiles: number; TotalNumberLines: number; TotalByteSize: number };
}
