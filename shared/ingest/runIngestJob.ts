import pLimit from 'p-limit';
import { AppError, ConflictError } from '../errors/index.ts';
import { createLineParser, detectDrop, ReceiptCounter } from '../formats/index.ts';
import { addReasons, emptyReceipt, type Job, type Receipt } from '../jobs/index.ts';
import { peekHead, readLineBatches } from '../lines/index.ts';
import { logger } from '../logging/index.ts';
import { DropRefusedError, DropRights, partnerOfDrop, withAepMode } from '../partners/index.ts';
import { abandonLists } from './abandonLists.ts';
import type { BatchContext, PendingLine } from './BatchContext.ts';
import { BatchPipeline } from './BatchPipeline.ts';
import { digestStream } from './digestStream.ts';
import { failIngestJob } from './failIngestJob.ts';
import { failureReason } from './failureReason.ts';
import { finishIngestJob } from './finishIngestJob.ts';
import { forgedTimestamp } from './forgedTimestamp.ts';
import {
  emptyCounters,
  type IngestCheckpoint,
  type PipelineCounters,
  restoredCounters,
} from './IngestCheckpoint.ts';
import type { IngestPorts } from './IngestPorts.ts';
import { ListIdLimits } from './ListIdLimits.ts';
import { MembershipApplier } from './MembershipApplier.ts';
import { mergeErrors } from './mergeErrors.ts';
import { PENDING_TTL_MS } from './PendingBatch.ts';
import { REJECTED_LINE_PREFIX_BYTES } from './RejectedLines.ts';
import { ResumeLostError } from './ResumeLostError.ts';
import { isSplitDropComplete } from './SplitDrops.ts';
import { wakeWaitingParts } from './wakeWaitingParts.ts';

/**
 * Segment changes (line × segment named) per batch at most, whatever `AB_INGEST_BATCH_LINES` says:
 * rows that name dozens of segments make smaller batches, so a batch's memory stays bounded.
 */
const MAX_BATCH_SEGMENT_OPS = 20_000;
/** A drop whose job was started this many times without finishing is failed, not retried forever. */
export const MAX_INGEST_ATTEMPTS = 8;
/** Kept back from the Lambda's remaining time for the checkpoint and hand-over. */
const SAFETY_MS = 20_000;

/** How a run ended. */
export type RunOutcome = 'succeeded' | 'failed' | 'waiting' | 'continued';

export interface RunOptions {
  /** Milliseconds the invocation has left (Lambda `context.getRemainingTimeInMillis`). */
  remainingMs?: () => number;
}

/**
 * Runs (or resumes) one drop's job: S3 stream → lines → parser → IDs resolved and reconciled in
 * batches → membership deltas written per list → checkpoints → commit → receipt. Memory stays
 * flat (lines are pulled while at most one batch's writes are in flight). See docs/ingest.md.
 */
export async function runIngestJob(
  ports: IngestPorts,
  initial: Job,
  options: RunOptions = {},
): Promise<RunOutcome> {
  try {
    return await runOnce(ports, initial, options);
  } catch (error) {
    if (!(error instanceof ConflictError)) {
      // Retried by the queue: keep the reason on the job so its final failure can say it.
      await ports.jobs
        .transition(initial.jobId, ['running'], {
          status: 'running',
          error: { code: 'dependency_failed', message: failureReason(error) },
          updatedAt: ports.now().toISOString(),
        })
        .catch(() => undefined);
    }
    throw error;
  }
}

async function runOnce(ports: IngestPorts, initial: Job, options: RunOptions): Promise<RunOutcome> {
  const started = Date.now();
  const key = initial.source?.key ?? initial.jobId.slice('ingest:'.length);
  const etag = initial.source?.etag ?? '';
  const attempts = initial.attempts + 1;
  if (attempts > MAX_INGEST_ATTEMPTS) {
    // Quote the failure every attempt ran into (recorded below): "gave up" alone is not actionable.
    const last = initial.error;
    await abandonLists(ports, initial);
    await failIngestJob(ports, initial, {
      code: last?.code ?? 'internal',
      message: `gave up after ${initial.attempts} attempts${last ? `; last failure: ${last.message}` : ''}`,
    });
    return 'failed';
  }
  const moved = await ports.jobs.transition(initial.jobId, ['queued', 'running'], {
    status: 'running',
    attempts,
    updatedAt: ports.now().toISOString(),
  });
  if (!moved) return 'succeeded'; // finished (or failed) meanwhile: nothing left to do
  const job: Job = { ...initial, status: 'running', attempts };

  const object = await ports.drops.read(key);
  if (!object) {
    await failIngestJob(ports, job, { code: 'not_found', message: 'file: the object is gone' });
    return 'failed';
  }
  const { body, lastModified } = object;
  const { stream, digest } = digestStream(body);
  const { head, source } = await peekHead(stream);
  const detected = detectDrop(key, head);
  if ('error' in detected) {
    body.destroy();
    await failIngestJob(ports, job, { code: 'format_error', message: detected.error });
    return 'failed';
  }
  const forged = forgedTimestamp(detected, lastModified);
  if (forged) {
    body.destroy();
    await failIngestJob(
      ports,
      job,
      { code: 'format_error', message: forged },
      emptyReceipt(detected.format, detected.mode),
    );
    return 'failed';
  }
  const { identity } = ports;

  // The partner's rights: a drop outside them is refused whole, before anything is applied.
  const partner = await partnerOfDrop(ports.partners, key);
  const info = withAepMode(detected, partner);
  let rights: DropRights;
  try {
    if (!partner)
      throw new DropRefusedError(
        "partner: the drop is in no partner's folder and no default partner is configured",
      );
    rights = new DropRights(partner);
    rights.check(info);
  } catch (error) {
    if (!(error instanceof DropRefusedError)) throw error;
    body.destroy();
    await failIngestJob(
      ports,
      job,
      { code: error.code, message: error.message },
      emptyReceipt(info.format, info.mode),
    );
    return 'failed';
  }

  // Legal switch: a drop keyed by a data source with import disabled is refused whole.
  const master = info.dpids[0];
  if (
    master !== undefined &&
    (info.format === 'aam-outbound' || info.format === 'aam-inbound' || info.format === 'aam-idsync')
  ) {
    const ds = await identity.dataSources.byDpid(master);
    if (ds?.importEnabled === false) {
      body.destroy();
      const receipt: Receipt = { ...emptyReceipt(info.format, info.mode), skipped: 'import-disabled' };
      await finishIngestJob(ports, job, receipt, key, etag);
      return 'succeeded';
    }
  }

  // Split drop: wait for the .info and every part, then check this part against it.
  const { splitDrops } = ports.ledger;
  const fileName = key.slice(key.lastIndexOf('/') + 1);
  // Keyed by folder and name: a drop in another folder never meets this one's parts or .info.
  const group = key.slice(0, key.length - fileName.length) + info.dropName;
  let expected: { FileByteSize: number; FileLineCount: number; md5: string } | undefined;
  const drop = await splitDrops.get(group);
  if (info.split !== undefined || drop.control) {
    await splitDrops.recordPart(group, fileName, key, job.jobId, ports.now());
    const state = await splitDrops.get(group);
    if (state.control && !state.control.Files.some((f) => f.FileName === fileName)) {
      body.destroy();
      await failIngestJob(ports, job, {
        code: 'format_error',
        message: "file: not listed in the drop's .info control file",
      });
      return 'failed';
    }
    if (!isSplitDropComplete(state)) {
      body.destroy();
      await ports.jobs.transition(job.jobId, ['running'], {
        status: 'queued',
        attempts: 0,
        receipt: {
          ...emptyReceipt(info.format, info.mode),
          warnings: ['waiting for the other parts of the split drop and its .info'],
        },
        updatedAt: ports.now().toISOString(),
      });
      return 'waiting';
    }
    await wakeWaitingParts(ports, state.parts, job.jobId);
    expected = state.control?.Files.find((f) => f.FileName === fileName);
  }

  const checkpoint = job.checkpoint as IngestCheckpoint | undefined;
  const linesDone = checkpoint?.linesDone ?? 0;
  const counters: PipelineCounters = checkpoint ? restoredCounters(checkpoint.counters) : emptyCounters();
  const full = info.mode === 'full' || info.mode === 'overwrite';
  const applier = new MembershipApplier(ports.lists, job.jobId, {
    full,
    ...(info.timestamp !== undefined ? { timestamp: info.timestamp } : {}),
    resume: new Map((checkpoint?.lists ?? []).map((s) => [s.listId, s])),
  });
  const parser = createLineParser(info);
  const counter = new ReceiptCounter(info);
  const rejected = ports.rejected.open(`rejected/${key}.tsv`);
  const unmatched = ports.rejected.open(`receipts/${key}.unmatched.tsv`);
  const namespaces = new Map<string, Promise<string>>();
  const resolve = (namespace: string): Promise<string> => {
    let found = namespaces.get(namespace);
    if (!found) {
      const resolved = namespace.startsWith('dpid:')
        ? identity.namespaceForDpid(Number(namespace.slice(5)))
        : Promise.resolve(namespace);
      found = resolved.then((ns) => {
        rights.checkNamespace(namespace, ns);
        return ns;
      });
      namespaces.set(namespace, found);
    }
    return found;
  };

  const receiptNow = (): Receipt => {
    const base = counter.toReceipt();
    const { added, removed } = applier.counts();
    return {
      ...base,
      recordsProcessed: base.recordsProcessed - counters.lateInvalid,
      invalidIds: base.invalidIds + counters.lateInvalid,
      unmatchedIds: base.unmatchedIds + counters.unmatchedIds,
      unmatched: addReasons(base.unmatched, counters.unmatched),
      idLinks: counters.idLinks,
      pendingMemberships: counters.pendingMemberships,
      membershipsAdded: added,
      membershipsRemoved: removed,
      errors: mergeErrors(base.errors, counters.errors),
      ...encodingWarnings(counters),
    };
  };

  const context: BatchContext = {
    identity,
    info,
    applier,
    counters,
    rejected,
    unmatched,
    resolve,
    counter,
    rights,
    listLimits: new ListIdLimits(ports.settings.maxDropSegments),
    fedSegments: fedSegmentsOf(ports, rights),
    cause: job.jobId,
    pending: ports.pending,
    pendingStamp: {
      ts: info.timestamp ?? Date.parse(job.createdAt),
      exp: ports.now().getTime() + PENDING_TTL_MS,
    },
    listMatches: new Map(),
  };
  const pipeline = new BatchPipeline(context);

  const saveCheckpoint = async (done: number): Promise<void> => {
    await pipeline.drain();
    const lists = await applier.checkpoint(done);
    const saved: IngestCheckpoint = {
      linesDone: done,
      counters,
      lists,
      pendingVersion: Object.fromEntries(lists.map((s) => [s.listId, s.pendingVersion])),
    };
    const at = ports.now().toISOString();
    await ports.jobs.transition(job.jobId, ['running'], {
      status: 'running',
      checkpoint: saved as unknown as Record<string, unknown>,
      // What the console's progress bar shows: bytes of the object read so far, of `source.size`.
      progress: { lines: done, bytes: digest.bytes, at },
      receipt: receiptNow(),
      updatedAt: at,
    });
  };

  let batch: PendingLine[] = [];
  let batchOps = 0;
  let lastLine = 0;
  let lastCheckpoint = linesDone;
  const outOfTime = () =>
    Date.now() - started > ports.settings.timeBudgetMs ||
    (options.remainingMs !== undefined && options.remainingMs() < SAFETY_MS);

  try {
    if (checkpoint) await applier.openResumed();
    // A chunk of lines per await (not one await per line): this loop is the pipeline's hot path.
    reading: for await (const lines of readLineBatches(source, {
      rejectedHeadBytes: REJECTED_LINE_PREFIX_BYTES,
      maxBytes: ports.settings.maxDropBytes,
    }))
      for (const line of lines) {
        lastLine = line.lineNumber;
        const outcome = counter.feed(line, parser);
        if (outcome.status === 'unusable') break reading;
        if (outcome.status === 'blocked') {
          await unmatched.write(line.lineNumber, 'blocked', outcome.record.id.value);
          batch.push({ line: line.lineNumber, raw: '', record: outcome.record, blocked: true });
        }
        if (outcome.status === 'format-error' || outcome.status === 'invalid-id') {
          const raw = 'text' in line ? line.text : (line.head?.toString('utf8') ?? '');
          await rejected.write(line.lineNumber, outcome.reason, raw);
        } else if (outcome.status === 'record') {
          if (outcome.record.kind === 'membership')
            batchOps += outcome.record.add.length + outcome.record.remove.length;
          batch.push({
            line: line.lineNumber,
            raw: 'text' in line ? line.text : '',
            record: outcome.record,
            validatedAs: counter.lastValidatedAs,
          });
        }
        const crossing = line.lineNumber === linesDone && linesDone > 0;
        if (
          batch.length >= ports.settings.ingestBatchLines ||
          batchOps >= MAX_BATCH_SEGMENT_OPS ||
          crossing
        ) {
          const replay = line.lineNumber <= linesDone;
          await pipeline.push(batch, !replay);
          batch = [];
          batchOps = 0;
          if (!replay) {
            if (line.lineNumber - lastCheckpoint >= ports.settings.checkpointLines || outOfTime()) {
              await saveCheckpoint(line.lineNumber);
              lastCheckpoint = line.lineNumber;
              if (outOfTime()) {
                body.destroy();
                await rejected.abort();
                await unmatched.abort();
                await ports.dispatcher.enqueueIngest({ kind: 'continue', jobId: job.jobId });
                return 'continued';
              }
            }
          }
        }
      }
    if (batch.length > 0) await pipeline.push(batch, lastLine > linesDone);
    await pipeline.drain();
  } catch (thrown) {
    // No clean-up while member writes are still in flight (a rollback could race them). A failed
    // write is of earlier lines than what failed while it was in flight: its error decides.
    const writeError: unknown = await pipeline.drain().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    const error = writeError ?? thrown;
    if (writeError !== undefined && writeError !== thrown)
      logger.warn('ingest: later lines failed too', { jobId: job.jobId, reason: failureReason(thrown) });
    await rejected.abort();
    await unmatched.abort();
    body.destroy();
    if (error instanceof ResumeLostError) {
      // Start over from the first line; the fresh run rolls back what this job left pending.
      await ports.jobs.transition(job.jobId, ['running'], {
        status: 'running',
        checkpoint: undefined,
        updatedAt: ports.now().toISOString(),
      });
      await ports.dispatcher.enqueueIngest({ kind: 'continue', jobId: job.jobId });
      return 'continued';
    }
    if (error instanceof ConflictError) {
      // A list is busy with another job: not this drop's fault, so the attempt is given back, and
      // the job waits its turn as a delayed message rather than a failed delivery (those are
      // bounded: a long job on the list would have the waiting drop dead-lettered).
      await ports.jobs.transition(job.jobId, ['running'], {
        status: 'running',
        attempts: job.attempts - 1,
        updatedAt: ports.now().toISOString(),
      });
      await ports.dispatcher.enqueueIngest({ kind: 'continue', jobId: job.jobId }, { delayed: true });
      logger.info('list busy: ingest job waits for its lease', { jobId: job.jobId });
      return 'waiting';
    }
    if (error instanceof AppError && error.expose) {
      await applier.abort();
      await failIngestJob(ports, job, { code: error.code, message: error.message }, receiptNow());
      return 'failed';
    }
    throw error;
  }

  if (counter.unusable !== undefined) {
    // A file nobody can use (an AEP header with no identity column) fails whole, never "succeeds".
    body.destroy();
    await rejected.abort();
    await unmatched.abort();
    await applier.abort();
    await failIngestJob(ports, job, { code: 'format_error', message: counter.unusable }, receiptNow());
    return 'failed';
  }
  if (counter.linesRead === 0) {
    await rejected.close();
    await unmatched.close();
    await applier.abort();
    await failIngestJob(
      ports,
      job,
      { code: 'format_error', message: 'empty file: no data line' },
      receiptNow(),
    );
    return 'failed';
  }
  if (expected) {
    const lineCountOk =
      expected.FileLineCount === counter.linesRead + (info.format === 'aep-csv' ? 1 : 0) ||
      expected.FileLineCount === lastLine;
    const problem =
      expected.FileByteSize !== digest.bytes
        ? `file: ${digest.bytes} bytes, the .info says ${expected.FileByteSize}`
        : expected.md5 !== digest.md5()
          ? 'file: md5 differs from the .info'
          : !lineCountOk
            ? `file: ${lastLine} lines, the .info says ${expected.FileLineCount}`
            : undefined;
    if (problem) {
      await rejected.close();
      await unmatched.close();
      await applier.abort();
      await failIngestJob(ports, job, { code: 'format_error', message: problem }, receiptNow());
      return 'failed';
    }
  }
  await saveCheckpoint(lastLine);
  const totals = await applier.commit();
  const history = pLimit(8);
  await Promise.all(
    [...context.listMatches]
      .filter(([listId]) => !applier.stale.has(listId))
      .map(([listId, counts]) => history(() => ports.lists.addHistory(listId, counts))),
  );
  await ports.ledger.applied.put(key, etag, job.jobId, ports.now());
  await rejected.close();
  await unmatched.close();
  const receipt: Receipt = {
    ...receiptNow(),
    membershipsAdded: totals.added,
    membershipsRemoved: totals.removed,
    ...(applier.listCount > 0 && applier.stale.size === applier.listCount
      ? { skipped: 'stale' as const }
      : {}),
  };
  await finishIngestJob(ports, job, receipt, key, etag);
  return 'succeeded';
}

/** `BatchContext.fedSegments`: the stored lists are read once per drop, when first needed. */
function fedSegmentsOf(ports: IngestPorts, rights: DropRights): (source: string) => Promise<string[]> {
  let lists: ReturnType<IngestPorts['lists']['list']> | undefined;
  return async (source) => {
    lists ??= ports.lists.list();
    return (await lists).flatMap((list) =>
      list.source === source && list.segmentId !== undefined && rights.allows(list.listId)
        ? [list.segmentId]
        : [],
    );
  };
}

/** Warnings about values not in their data source's encoding (counts only, never values). */
function encodingWarnings(counters: PipelineCounters): { warnings?: string[] } {
  const warnings: string[] = [];
  if (counters.hashedHere > 0) {
    warnings.push(
      `encoding: ${counters.hashedHere} values of a SHA-256 data source were not SHA-256 hex; hashed them (unhashedValues: hash)`,
    );
  }
  if (counters.unmatched.encodingMismatch > 0) {
    warnings.push(
      `encoding: ${counters.unmatched.encodingMismatch} IDs were not in their data source's encoding (not SHA-256 hex, or not decryptable with its key); counted as encodingMismatch`,
    );
  }
  return warnings.length > 0 ? { warnings } : {};
}
