import { type Line, readLineBatches } from '../lines/index.ts';
import type { PendingLine } from './BatchContext.ts';
import type { IngestRun } from './IngestRun.ts';
import { REJECTED_LINE_PREFIX_BYTES } from './RejectedLines.ts';
import { settleStreamError } from './settleStreamError.ts';

/**
 * Segment changes (line × segment named) per batch at most, whatever `AB_INGEST_BATCH_LINES` says:
 * rows that name dozens of segments make smaller batches, so a batch's memory stays bounded.
 */
const MAX_BATCH_SEGMENT_OPS = 20_000;

/** When a run must stop and hand over to the next one (its time budget, the Lambda's remaining time). */
export interface RunClock {
  outOfTime(): boolean;
}

/** The lines parsed since the last batch was pushed, and the segment changes they name. */
interface Batch {
  lines: PendingLine[];
  ops: number;
}

/**
 * Stream batches: reads the drop's lines, counts and parses them, and pushes them in batches
 * through the pipeline (lines a resumed run already applied only rebuild its state), saving a
 * checkpoint every `checkpointLines` lines. `read` once every line is applied; `continued` when
 * the clock ran out (the job goes back to the queue at its checkpoint); or how a failure ends the
 * run ({@link settleStreamError}).
 */
export async function streamBatches(
  run: IngestRun,
  clock: RunClock,
): Promise<'read' | 'continued' | 'waiting' | 'failed'> {
  try {
    return await readBatches(run, clock);
  } catch (thrown) {
    return settleStreamError(run, thrown);
  }
}

async function readBatches(run: IngestRun, clock: RunClock): Promise<'read' | 'continued'> {
  const { settings } = run.ports;
  const { linesDone, pipeline } = run;
  const batch: Batch = { lines: [], ops: 0 };
  let lastCheckpoint = linesDone;
  if (run.resumed) await run.applier.openResumed();
  // A chunk of lines per await (not one await per line): this loop is the pipeline's hot path.
  reading: for await (const lines of readLineBatches(run.drop.source, {
    rejectedHeadBytes: REJECTED_LINE_PREFIX_BYTES,
    maxBytes: settings.maxDropBytes,
    firstLine: run.firstLine,
    // A range's bytes are plain (a gzip drop's are decompressed already).
    plain: run.range !== undefined,
  }))
    for (const line of lines) {
      run.lastLine = line.lineNumber;
      if ((await feedLine(run, line, batch)) === 'unusable') break reading;
      const crossing = line.lineNumber === linesDone && linesDone > 0;
      if (batch.lines.length < settings.ingestBatchLines && batch.ops < MAX_BATCH_SEGMENT_OPS && !crossing)
        continue;
      const replay = line.lineNumber <= linesDone;
      await pipeline.push(batch.lines, !replay);
      batch.lines = [];
      batch.ops = 0;
      if (replay) continue;
      if (line.lineNumber - lastCheckpoint < settings.checkpointLines && !clock.outOfTime()) continue;
      await run.saveCheckpoint(line.lineNumber);
      lastCheckpoint = line.lineNumber;
      if (clock.outOfTime()) return handOver(run);
    }
  if (batch.lines.length > 0) await pipeline.push(batch.lines, run.lastLine > linesDone);
  await pipeline.drain();
  return 'read';
}

/** Counts and parses a line: a record joins the batch, a refused line goes to its file. */
async function feedLine(run: IngestRun, line: Line, batch: Batch): Promise<'unusable' | undefined> {
  const { counter } = run;
  const outcome = counter.feed(line, run.parser);
  if (outcome.status === 'unusable') return 'unusable';
  if (outcome.status === 'blocked') {
    await run.unmatched.write(line.lineNumber, 'blocked', outcome.record.id.value);
    batch.lines.push({ line: line.lineNumber, raw: '', record: outcome.record, blocked: true });
  }
  if (outcome.status === 'format-error' || outcome.status === 'invalid-id') {
    const raw = 'text' in line ? line.text : (line.head?.toString('utf8') ?? '');
    await run.rejected.write(line.lineNumber, outcome.reason, raw);
  } else if (outcome.status === 'record') {
    if (outcome.record.kind === 'membership')
      batch.ops += outcome.record.add.length + outcome.record.remove.length;
    batch.lines.push({
      line: line.lineNumber,
      raw: 'text' in line ? line.text : '',
      record: outcome.record,
      validatedAs: counter.lastValidatedAs,
    });
  }
  return undefined;
}

/** Out of time at a checkpoint: the next run continues from it. */
async function handOver(run: IngestRun): Promise<'continued'> {
  run.drop.body.destroy();
  await run.abortFiles();
  await run.ports.dispatcher.enqueueIngest(run.again());
  return 'continued';
}
