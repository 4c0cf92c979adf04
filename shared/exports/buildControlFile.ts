import type { ControlFile, ControlFileEntry } from './ControlFile.ts';

/**
 * The `.info` document of a set of written data files, with the totals summed.
 *
 * @example
 * buildControlFile([{ FileName: 'a.sync', FileSequenceNumber: 1, FileByteSize: 10, FileLineCount: 1, md5: '…' }])
 * // → { Files: [...], Totals: { TotalNumberFiles: 1, TotalNumberLines: 1, TotalByteSize: 10 } }
 */
export function buildControlFile(files: readonly ControlFileEntry[]): ControlFile {
  return {
    Files: [...files],
    Totals: {
      TotalNumberFiles: files.length,
      TotalNumberLines: files.reduce((sum, f) => sum + f.FileLineCount, 0),
      TotalByteSize: files.reduce((sum, f) => sum + f.FileByteSize, 0),
    },
  };
}
