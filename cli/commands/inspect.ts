import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { FormatError, ValidationError } from '../../shared/errors/index.ts';
import { inspectDrop } from '../../shared/formats/index.ts';
import { emptyReceipt, type Receipt } from '../../shared/jobs/index.ts';

/** Files above this size get a progress bar even when stderr is not a terminal. */
const PROGRESS_MIN_BYTES = 50 * 1024 * 1024;
/** Exit code of a file rejected whole (CONTRACT.md "Commands"). */
const REJECTED_EXIT_CODE = 1;

/**
 * `audience-bridge inspect [--json] FILE`: reads a drop file exactly as ingest would (same
 * detection, parser and counting: `inspectDrop`), without any store, and prints its receipt as a
 * table or JSON. Exit 0 when usable, 1 when rejected whole (unknown format, empty file, corrupt
 * gzip), 2 on usage errors (missing or unreadable FILE). The format is detected from the file's
 * name, so keep the partner's name (or an `inbound/recipients/` path) when inspecting.
 */
export const inspectCommand = new Command('inspect')
  .description('parse a drop file as ingest would, without any store, and print its receipt')
  .option('--json', 'print the receipt as JSON')
  .argument('<file>', 'the drop file (its name selects the format, as in the bucket)')
  .action(async (file: string, options: { json?: boolean }) => {
    const size = await fileSize(file);
    const bar = progressBar(size);
    try {
      const receipt = await inspectDrop(withProgress(createReadStream(file), bar), file);
      bar?.stop();
      process.stdout.write(
        options.json ? `${JSON.stringify(receipt, null, 2)}\n` : table(basename(file), receipt),
      );
    } catch (error) {
      bar?.stop();
      if (!(error instanceof FormatError)) throw error;
      if (options.json) {
        // Still a receipt (every counter at zero), plus why the file was refused whole.
        const refused = { ...emptyReceipt(), rejected: true, ...error.toBody() };
        process.stdout.write(`${JSON.stringify(refused, null, 2)}\n`);
      } else {
        process.stderr.write(`audience-bridge: ${basename(file)} rejected: ${error.message}\n`);
      }
      process.exitCode = REJECTED_EXIT_CODE;
    }
  });

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ValidationError('FILE: expected a regular file', { field: 'FILE' });
    return info.size;
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError('FILE: cannot read the file', { field: 'FILE' }, { cause: error });
  }
}

function progressBar(size: number): SingleBar | undefined {
  if (!process.stderr.isTTY && size <= PROGRESS_MIN_BYTES) return undefined;
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'inspect [{bar}] {percentage}% | {value}/{total} MB',
    noTTYOutput: !process.stderr.isTTY,
    notTTYSchedule: 5000,
    hideCursor: true,
  });
  bar.start(Math.ceil(size / 1_048_576), 0);
  return bar;
}

async function* withProgress(
  stream: AsyncIterable<Buffer>,
  bar: SingleBar | undefined,
): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.length;
    bar?.update(Math.floor(bytes / 1_048_576));
    yield chunk;
  }
}

function table(file: string, receipt: Receipt): string {
  const rows: Array<[string, string]> = [
    ['file', file],
    ['format', String(receipt.format)],
    ['mode', String(receipt.mode)],
    ['linesRead', String(receipt.linesRead)],
    ['recordsProcessed', String(receipt.recordsProcessed)],
    ['formatErrors', String(receipt.formatErrors)],
    ['invalidIds', String(receipt.invalidIds)],
    [
      'segments',
      `${receipt.segments.length}${receipt.segments.length ? `: ${preview(receipt.segments)}` : ''}`,
    ],
  ];
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  let out = rows.map(([name, value]) => `${name.padEnd(width)}${value}\n`).join('');
  if (receipt.errors.length > 0) {
    const total = receipt.formatErrors + receipt.invalidIds;
    out += `errors (first ${receipt.errors.length} of ${total}):\n`;
    for (const error of receipt.errors) out += `  line ${error.line}: ${error.reason}\n`;
  }
  return out;
}

function preview(segments: string[]): string {
  const shown = segments.slice(0, 20).join(', ');
  return segments.length > 20 ? `${shown}, … (${segments.length - 20} more)` : shown;
}
