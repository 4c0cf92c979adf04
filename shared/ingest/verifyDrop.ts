import type { DropInfo } from '../formats/index.ts';
import type { StreamDigest } from './digestStream.ts';
import { failIngestJob } from './failIngestJob.ts';
import type { IngestRun } from './IngestRun.ts';
import type { ExpectedPart } from './SplitDrops.ts';

/**
 * Verify the drop once read whole: a file nobody can use (an AEP header with no identity
 * column), an empty file, or a part other than its `.info` says fails whole, never "succeeds":
 * its lists' pending changes are rolled back and the job fails with what was counted.
 */
export async function verifyDrop(run: IngestRun): Promise<'failed' | undefined> {
  const { counter, drop } = run;
  const { unusable } = counter;
  const problem =
    unusable ??
    (counter.linesRead === 0
      ? 'empty file: no data line'
      : drop.expected &&
        infoMismatch(drop.expected, drop.digest, {
          format: drop.info.format,
          linesRead: counter.linesRead,
          lastLine: run.lastLine,
        }));
  if (!problem) return undefined;
  if (unusable !== undefined) {
    drop.body.destroy();
    await run.abortFiles();
  } else {
    await run.closeFiles();
  }
  await run.applier.abort();
  await failIngestJob(run.ports, run.job, { code: 'format_error', message: problem }, run.receipt());
  return 'failed';
}

/**
 * How a part of a split drop differs from what its `.info` says (size, md5, line count), or
 * undefined. The line count is of data lines (plus the header of an AEP CSV), or of every line.
 */
export function infoMismatch(
  expected: ExpectedPart,
  digest: StreamDigest,
  read: { format: DropInfo['format']; linesRead: number; lastLine: number },
): string | undefined {
  const lineCountOk =
    expected.FileLineCount === read.linesRead + (read.format === 'aep-csv' ? 1 : 0) ||
    expected.FileLineCount === read.lastLine;
  if (expected.FileByteSize !== digest.bytes)
    return `file: ${digest.bytes} bytes, the .info says ${expected.FileByteSize}`;
  if (expected.md5 !== digest.md5()) return 'file: md5 differs from the .info';
  if (!lineCountOk) return `file: ${read.lastLine} lines, the .info says ${expected.FileLineCount}`;
  return undefined;
}
