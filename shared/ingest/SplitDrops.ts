import type { ControlFile } from '../formats/index.ts';

/** One data file a `.info` lists. */
export interface ExpectedPart {
  FileName: string;
  FileByteSize: number;
  FileLineCount: number;
  md5: string;
}

/** What is known about a split drop. */
export interface DropState {
  dropName: string;
  control?: ControlFile;
  /** Arrived data files by file name → their job. */
  parts: Map<string, { jobId: string; key: string }>;
  firstSeen?: string;
}

/**
 * The group of a split drop: its name without `.gz`, `.info` and the data extension, so
 * `X_iter_1486140844000.info`, `X_iter_1486140844000.sync.info` and the parts of
 * `X_iter_1486140844000.sync` meet under one key.
 */
export function dropGroup(name: string): string {
  return name
    .replace(/\.gz$/i, '')
    .replace(/\.info$/i, '')
    .replace(/\.(sync|overwrite|csv)$/i, '');
}

/** True when the `.info` arrived and every file it lists has arrived. */
export function isSplitDropComplete(state: DropState): boolean {
  if (!state.control) return false;
  return state.control.Files.every((file) => state.parts.has(file.FileName));
}
