import type { Readable } from 'node:stream';
import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import { AppError, ConflictError } from '../errors/index.ts';
import {
  ALL_SEGMENTS,
  createLineParser,
  type DropInfo,
  detectDrop,
  type ParsedRecord,
  ReceiptCounter,
} from '../formats/index.ts';
import type { IdRef } from '../identifiers/types.ts';
import { emptyReceipt, type Job, MAX_RECEIPT_ERRORS, type Receipt, withWarnings } from '../jobs/index.ts';
import { peekHead, readLineBatches } from '../lines/index.ts';
import type { MemberOp } from '../lists/index.ts';
import type { Member } from '../lists/types.ts';
import { logger } from '../logging/index.ts';
import type { RecipientRecord } from '../recipients/schemas.ts';
import type { Runtime } from '../runtime/index.ts';
import { appliedMarker } from './appliedMarker.ts';
import { digestStream } from './digestStream.ts';
import { failureReason } from './failureReason.ts';
import { emptyCounters, type IngestCheckpoint, type PipelineCounters } from './IngestCheckpoint.ts';
import { type IngestIdentity, identityOf } from './IngestIdentity.ts';
import { MembershipApplier, type SegmentList } from './MembershipApplier.ts';
import { REJECTED_LINE_PREFIX_BYTES, RejectedWriter } from './RejectedWriter.ts';
import { ResumeLostError } from './ResumeLostError.ts';
import { SplitDrops } from './SplitDrops.ts';

/** Lines reconciled and written per batch (the reconciler takes up to 1,000 IDs). */
export const INGEST_BATCH_LINES = 500;
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

interface PendingLine {
  line: number;
  raw: string;
  record: ParsedRecord;
  /** The namespace the receipt counter validated a membership record's ID under. */
  validatedAs?: string | undefined;
}

/** Fails a job with a reason (`error.code` + message); the receipt keeps what was counted. */
async function fail(runtime: Runtime, job: Job, error: { code: string; message: string }, receipt?: Receipt) {
  await runtime.jobs.transition(job.jobId, ['queued', 'running'], {
    status: 'failed',
    error,
    ...(receipt ? { receipt } : {}),
    updatedAt: runtime.now().toISOString(),
  });
  await writeReceipt(runtime, job.jobId, receipt ?? job.receipt);
  logger.warn('ingest job failed', { jobId: job.jobId, code: error.code, reason: error.message });
}

async function writeReceipt(runtime: Runtime, jobId: string, receipt: Receipt): Promise<void> {
  await runtime.clients.s3.send(
    new PutObjectCommand({
      Bucket: runtime.config.bucket,
      Key: `receipts/${jobId}.json`,
      Body: JSON.stringify(receipt, null, 2),
      ContentType: 'application/json',
    }),
  );
}

function mergeErrors(a: Receipt['errors'], b: Receipt['errors']): Receipt['errors'] {
  return [...a, ...b].sort((x, y) => x.line - y.line).slice(0, MAX_RECEIPT_ERRORS);
}

/**
 * Runs (or resumes) one drop's job: S3 stream → lines → parser → IDs resolved and reconciled in
 * batches → membership deltas written per list → checkpoints → commit → receipt. Memory stays
 * flat (each batch is awaited before more lines are pulled). See docs/ingest.md.
 */
export async function runIngestJob(
  runtime: Runtime,
  initial: Job,
  options: RunOptions = {},
): Promise<RunOutcome> {
  try {
    return await runOnce(runtime, initial, options);
  } catch (error) {
    if (!(error instanceof ConflictError)) {
      // Retried by the queue: keep the reason on the job so its final failure can say it.
      await runtime.jobs
        .transition(initial.jobId, ['running'], {
          status: 'running',
          error: { code: 'dependency_failed', message: failureReason(error) },
          updatedAt: runtime.now().toISOString(),
        })
        .catch(() => undefined);
    }
    throw error;
  }
}

async function runOnce(runtime: Runtime, initial: Job, options: RunOptions): Promise<RunOutcome> {
  const started = Date.now();
  const key = initial.source?.key ?? initial.jobId.slice('ingest:'.length);
  const etag = initial.source?.etag ?? '';
  const attempts = initial.attempts + 1;
  if (attempts > MAX_INGEST_ATTEMPTS) {
    // Quote the failure every attempt ran into (recorded below): "gave up" alone is not actionable.
    const last = initial.error;
    await abandonLists(runtime, initial);
    await fail(runtime, initial, {
      code: last?.code ?? 'internal',
      message: `gave up after ${initial.attempts} attempts${last ? `; last failure: ${last.message}` : ''}`,
    });
    return 'failed';
  }
  const moved = await runtime.jobs.transition(initial.jobId, ['queued', 'running'], {
    status: 'running',
    attempts,
    updatedAt: runtime.now().toISOString(),
  });
  if (!moved) return 'succeeded'; // finished (or failed) meanwhile: nothing left to do
  const job: Job = { ...initial, status: 'running', attempts };

  let body: Readable;
  try {
    const out = await runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: runtime.config.bucket, Key: key }),
    );
    body = out.Body as Readable;
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
      await fail(runtime, job, { code: 'not_found', message: 'file: the object is gone' });
      return 'failed';
    }
    throw error;
  }
  const { stream, digest } = digestStream(body);
  const { head, source } = await peekHead(stream);
  const info = detectDrop(key, head);
  if ('error' in info) {
    body.destroy();
    await fail(runtime, job, { code: 'format_error', message: info.error });
    return 'failed';
  }
  const identity = identityOf(runtime);

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
      await finish(runtime, job, receipt, key, etag);
      return 'succeeded';
    }
  }

  // Split drop: wait for the .info and every part, then check this part against it.
  const splitDrops = new SplitDrops(runtime.clients.ddb, runtime.config.table);
  const fileName = key.slice(key.lastIndexOf('/') + 1);
  let expected: { FileByteSize: number; FileLineCount: number; md5: string } | undefined;
  const drop = await splitDrops.get(info.dropName);
  if (info.split !== undefined || drop.control) {
    await splitDrops.recordPart(info.dropName, fileName, key, job.jobId, runtime.now());
    const state = await splitDrops.get(info.dropName);
    if (state.control && !state.control.Files.some((f) => f.FileName === fileName)) {
      body.destroy();
      await fail(runtime, job, {
        code: 'format_error',
        message: "file: not listed in the drop's .info control file",
      });
      return 'failed';
    }
    if (!SplitDrops.isComplete(state)) {
      body.destroy();
      await runtime.jobs.transition(job.jobId, ['running'], {
        status: 'queued',
        attempts: 0,
        receipt: {
          ...emptyReceipt(info.format, info.mode),
          warnings: ['waiting for the other parts of the split drop and its .info'],
        },
        updatedAt: runtime.now().toISOString(),
      });
      return 'waiting';
    }
    await wakeWaitingParts(runtime, state.parts, job.jobId);
    expected = state.control?.Files.find((f) => f.FileName === fileName);
  }

  const checkpoint = job.checkpoint as IngestCheckpoint | undefined;
  const linesDone = checkpoint?.linesDone ?? 0;
  const counters: PipelineCounters = checkpoint ? structuredClone(checkpoint.counters) : emptyCounters();
  const full = info.mode === 'full' || info.mode === 'overwrite';
  const applier = new MembershipApplier(runtime.lists, job.jobId, {
    full,
    ...(info.timestamp !== undefined ? { timestamp: info.timestamp } : {}),
    resume: new Map((checkpoint?.lists ?? []).map((s) => [s.listId, s])),
  });
  const parser = createLineParser(info);
  const counter = new ReceiptCounter(info);
  const rejected = new RejectedWriter(runtime.clients.s3, runtime.config.bucket, `rejected/${key}.tsv`);
  const namespaces = new Map<string, Promise<string>>();
  const resolve = (namespace: string): Promise<string> => {
    if (!namespace.startsWith('dpid:')) return Promise.resolve(namespace);
    let found = namespaces.get(namespace);
    if (!found) {
      found = identity.namespaceForDpid(
        Number(namespace.slice(5)),
        info.format === 'aam-idsync' ? 'idsync' : 'segment',
      );
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
      unmatchedIds: counters.unmatchedIds,
      idLinks: counters.idLinks,
      membershipsAdded: added,
      membershipsRemoved: removed,
      errors: mergeErrors(base.errors, counters.errors),
    };
  };

  const saveCheckpoint = async (done: number): Promise<void> => {
    const lists = await applier.checkpoint(done);
    const saved: IngestCheckpoint = {
      linesDone: done,
      counters,
      lists,
      pendingVersion: Object.fromEntries(lists.map((s) => [s.listId, s.pendingVersion])),
    };
    await runtime.jobs.transition(job.jobId, ['running'], {
      status: 'running',
      checkpoint: saved as unknown as Record<string, unknown>,
      receipt: receiptNow(),
      updatedAt: runtime.now().toISOString(),
    });
  };

  const context: BatchContext = { runtime, identity, info, applier, counters, rejected, resolve, counter };
  let batch: PendingLine[] = [];
  let lastLine = 0;
  let lastCheckpoint = linesDone;
  const outOfTime = () =>
    Date.now() - started > runtime.config.timeBudgetMs ||
    (options.remainingMs !== undefined && options.remainingMs() < SAFETY_MS);

  try {
    if (checkpoint) await applier.openResumed();
    // A chunk of lines per await (not one await per line): this loop is the pipeline's hot path.
    for await (const lines of readLineBatches(source, { rejectedHeadBytes: REJECTED_LINE_PREFIX_BYTES }))
      for (const line of lines) {
        lastLine = line.lineNumber;
        const outcome = counter.feed(line, parser);
        if (outcome.status === 'format-error' || outcome.status === 'invalid-id') {
          const raw = 'text' in line ? line.text : (line.head?.toString('utf8') ?? '');
          await rejected.write(line.lineNumber, outcome.reason, raw);
        } else if (outcome.status === 'record') {
          batch.push({
            line: line.lineNumber,
            raw: 'text' in line ? line.text : '',
            record: outcome.record,
            validatedAs: counter.lastValidatedAs,
          });
        }
        const crossing = line.lineNumber === linesDone && linesDone > 0;
        if (batch.length >= INGEST_BATCH_LINES || crossing) {
          const replay = line.lineNumber <= linesDone;
          await processBatch(context, batch, !replay);
          batch = [];
          if (!replay) {
            if (line.lineNumber - lastCheckpoint >= runtime.config.checkpointLines || outOfTime()) {
              await saveCheckpoint(line.lineNumber);
              lastCheckpoint = line.lineNumber;
              if (outOfTime()) {
                body.destroy();
                await rejected.abort();
                await runtime.dispatcher.enqueueIngest({ kind: 'continue', jobId: job.jobId });
                return 'continued';
              }
            }
          }
        }
      }
    if (batch.length > 0) await processBatch(context, batch, lastLine > linesDone);
  } catch (error) {
    await rejected.abort();
    body.destroy();
    if (error instanceof ResumeLostError) {
      // Start over from the first line; the fresh run rolls back what this job left pending.
      await runtime.jobs.transition(job.jobId, ['running'], {
        status: 'running',
        checkpoint: undefined,
        updatedAt: runtime.now().toISOString(),
      });
      await runtime.dispatcher.enqueueIngest({ kind: 'continue', jobId: job.jobId });
      return 'continued';
    }
    if (error instanceof ConflictError) {
      // A list is busy with another job: not this drop's fault, so the attempt is given back, and
      // the job waits its turn as a delayed message rather than a failed delivery (those are
      // bounded: a long job on the list would have the waiting drop dead-lettered).
      await runtime.jobs.transition(job.jobId, ['running'], {
        status: 'running',
        attempts: job.attempts - 1,
        updatedAt: runtime.now().toISOString(),
      });
      await runtime.dispatcher.enqueueIngest({ kind: 'continue', jobId: job.jobId }, { delayed: true });
      logger.info('list busy: ingest job waits for its lease', { jobId: job.jobId });
      return 'waiting';
    }
    if (error instanceof AppError && error.expose) {
      await applier.abort();
      await fail(runtime, job, { code: error.code, message: error.message }, receiptNow());
      return 'failed';
    }
    throw error;
  }

  if (counter.linesRead === 0) {
    await rejected.close();
    await applier.abort();
    await fail(runtime, job, { code: 'format_error', message: 'empty file: no data line' }, receiptNow());
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
      await applier.abort();
      await fail(runtime, job, { code: 'format_error', message: problem }, receiptNow());
      return 'failed';
    }
  }
  await saveCheckpoint(lastLine);
  const totals = await applier.commit();
  await appliedMarker.put(runtime.clients.ddb, runtime.config.table, key, etag, job.jobId, runtime.now());
  await rejected.close();
  const receipt: Receipt = {
    ...receiptNow(),
    membershipsAdded: totals.added,
    membershipsRemoved: totals.removed,
    ...(applier.listCount > 0 && applier.stale.size === applier.listCount
      ? { skipped: 'stale' as const }
      : {}),
  };
  await finish(runtime, job, receipt, key, etag);
  return 'succeeded';
}

/** Marks the job succeeded with its receipt (also written to `receipts/`). */
async function finish(
  runtime: Runtime,
  job: Job,
  receipt: Receipt,
  key: string,
  etag: string,
): Promise<void> {
  // The same warnings the job store adds, so the `receipts/` copy says what the job record says.
  const final = withWarnings(receipt);
  await writeReceipt(runtime, job.jobId, final);
  await runtime.jobs.transition(job.jobId, ['running', 'queued'], {
    status: 'succeeded',
    receipt: final,
    source: { key, etag },
    checkpoint: undefined,
    error: undefined,
    updatedAt: runtime.now().toISOString(),
  });
}

/**
 * A job that gives up must not keep its lists leased with half-written pending versions until the
 * lease expires: for each list of its last checkpoint, take the (own) lease again, which rolls the
 * abandoned pending version back, then release it. Best effort: a list it cannot reach now is
 * rolled back by the next writer once the lease expires.
 */
async function abandonLists(runtime: Runtime, job: Job): Promise<void> {
  const checkpoint = job.checkpoint as IngestCheckpoint | undefined;
  for (const state of checkpoint?.lists ?? []) {
    try {
      const write = await runtime.lists.openWrite(state.listId, job.jobId);
      await write.abort();
    } catch (error) {
      logger.warn('abandoned list left to lease expiry', { jobId: job.jobId, error: (error as Error).name });
    }
  }
}

/** The other parts of a now-complete split drop were left waiting: hand them to the queue. */
async function wakeWaitingParts(
  runtime: Runtime,
  parts: Map<string, { jobId: string }>,
  self: string,
): Promise<void> {
  for (const { jobId } of parts.values()) {
    if (jobId === self) continue;
    const other = await runtime.jobs.get(jobId);
    if (other?.status === 'queued') await runtime.dispatcher.enqueueIngest({ kind: 'continue', jobId });
  }
}

interface BatchContext {
  runtime: Runtime;
  identity: IngestIdentity;
  info: DropInfo;
  applier: MembershipApplier;
  counters: PipelineCounters;
  rejected: RejectedWriter;
  resolve: (namespace: string) => Promise<string>;
  counter: ReceiptCounter;
}

type MembershipRecord = Extract<ParsedRecord, { kind: 'membership' }>;

function addError(counters: PipelineCounters, line: number, reason: string): void {
  if (counters.errors.length < MAX_RECEIPT_ERRORS) counters.errors.push({ line, reason });
}

/**
 * One batch: reconcile its membership IDs, turn them into per-list ops, write them; link ID-sync
 * rows; load recipients. `write` false (a resumed run re-reading done lines) only rebuilds the
 * `full` seen-sets: no writes, no counting (the checkpoint has the counts).
 */
async function processBatch(ctx: BatchContext, batch: PendingLine[], write: boolean): Promise<void> {
  const { identity, info, applier, counters } = ctx;
  const full = info.mode === 'full' || info.mode === 'overwrite';
  if (!write && !full) return;
  const memberships = batch.filter((p) => p.record.kind === 'membership');
  if (memberships.length > 0) {
    // Each distinct namespace is resolved once per batch; the IDs are then mapped without awaiting.
    const namespaces = new Map<string, string>();
    for (const p of memberships) {
      const { namespace } = (p.record as MembershipRecord).id;
      if (!namespaces.has(namespace)) namespaces.set(namespace, await ctx.resolve(namespace));
    }
    const ids: IdRef[] = [];
    const normalised: boolean[] = [];
    for (const p of memberships) {
      const id = (p.record as MembershipRecord).id;
      const namespace = namespaces.get(id.namespace) as string;
      ids.push({ namespace, value: id.value });
      // Validated by the receipt counter under the namespace it resolves to: no second normalising.
      normalised.push(p.validatedAs === namespace && !namespace.startsWith('dpid:'));
    }
    const results = await identity.reconciler.reconcile(ids, { normalised });
    const opsByList = new Map<string, { list: SegmentList; ops: MemberOp[] }>();
    // Per source, per segment: the entry of its list (no listId string built per row and segment).
    const bySource = new Map<string, Map<string, { list: SegmentList; ops: MemberOp[] }>>();
    const entryOf = (source: string, segmentId: string) => {
      let segments = bySource.get(source);
      if (!segments) {
        segments = new Map();
        bySource.set(source, segments);
      }
      let entry = segments.get(segmentId);
      if (!entry) {
        const listId = `${source}.${segmentId}`;
        entry = opsByList.get(listId);
        if (!entry) {
          entry = { list: { listId, source, segmentId }, ops: [] };
          opsByList.set(listId, entry);
        }
        segments.set(segmentId, entry);
      }
      return entry;
    };
    let allSegments: string[] | undefined;
    for (let i = 0; i < memberships.length; i++) {
      const pending = memberships[i];
      const result = results[i];
      if (!pending || !result) continue;
      const record = pending.record as MembershipRecord;
      if (result.reason === 'invalid' || result.reason === 'blocked') {
        const reason = `id: ${result.reason} ${result.namespace}${result.detail ? ` (${result.detail})` : ''}`;
        if (write) {
          counters.lateInvalid++;
          addError(counters, pending.line, reason);
        }
        await ctx.rejected.write(pending.line, reason, pending.raw);
        continue;
      }
      let member: Member | undefined;
      if (result.recipientId) member = { recipientId: result.recipientId };
      else if (result.address) member = { address: result.address.address, channel: result.address.channel };
      if (!member && write) counters.unmatchedIds++;
      // A full file replaces every segment it names, even one none of whose IDs reconcile.
      if (!member && !full) continue;
      const source = record.source ?? info.source;
      // One op object per row and kind, shared by the row's lists (ops are read, never changed).
      const add: MemberOp | undefined = member && record.add.length > 0 ? { op: 'add', member } : undefined;
      const remove: MemberOp | undefined =
        member && record.remove.length > 0 ? { op: 'remove', member } : undefined;
      for (const segment of record.add) {
        const entry = entryOf(source, segment);
        if (add) entry.ops.push(add);
      }
      for (const segment of record.remove) {
        if (segment === ALL_SEGMENTS) {
          // Every line of the batch is counted already: the file's segments are fixed for this batch.
          allSegments ??= ctx.counter.segments();
          for (const seg of allSegments) {
            const entry = entryOf(source, seg);
            if (remove) entry.ops.push(remove);
          }
        } else {
          const entry = entryOf(source, segment);
          if (remove) entry.ops.push(remove);
        }
      }
    }
    await applier.apply(opsByList, write);
  }
  if (!write) return;

  const links = batch.filter((p) => p.record.kind === 'links');
  if (links.length > 0) {
    const rows = await Promise.all(
      links.map((p) =>
        Promise.all(
          (p.record as Extract<ParsedRecord, { kind: 'links' }>).ids.map(async (id) => ({
            namespace: await ctx.resolve(id.namespace),
            value: id.value,
          })),
        ),
      ),
    );
    const outcome = await identity.link(rows);
    counters.idLinks += outcome.linked;
    // A row with an ID its namespace refuses (say, not a hash for a SHA-256 source) is an invalid
    // line, as `inspect` counts it; its valid IDs may still have been linked.
    for (const refused of outcome.rejectedRows) {
      const pending = links[refused.row];
      if (!pending) continue;
      counters.lateInvalid++;
      addError(counters, pending.line, refused.reason);
      await ctx.rejected.write(pending.line, refused.reason, pending.raw);
    }
  }

  const recipients = batch.filter((p) => p.record.kind === 'recipient');
  if (recipients.length > 0) {
    const records: RecipientRecord[] = recipients.map((p) => {
      const r = p.record as Extract<ParsedRecord, { kind: 'recipient' }>;
      return {
        recipientId: r.recipientId,
        ...(r.email !== undefined ? { email: r.email } : {}),
        ...(r.phone !== undefined ? { phone: r.phone } : {}),
        ...(Object.keys(r.attributes).length > 0 ? { attributes: r.attributes } : {}),
      };
    });
    const outcome = await identity.recipients.putMany(records);
    for (const refused of outcome.errors) {
      const pending = recipients[refused.index];
      if (!pending) continue;
      const reason = `${refused.field}: ${refused.reason} (${refused.detail})`;
      counters.lateInvalid++;
      addError(counters, pending.line, reason);
      await ctx.rejected.write(pending.line, reason, pending.raw);
    }
  }
}
