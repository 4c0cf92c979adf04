import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { AppError, ConflictError, DependencyError, NotFoundError } from '../errors/index.ts';
import { emptyReceipt, isFinished, type Job, type Receipt } from '../jobs/index.ts';
import type { Member } from '../lists/types.ts';
import { logger } from '../logging/index.ts';
import type { Runtime } from '../runtime/index.ts';
import { type SharedAudienceDefinition, snapshotBasisOf } from '../sharedAudiences/index.ts';
import { buildControlFile } from './buildControlFile.ts';
import { checkDefinition } from './checkDefinition.ts';
import { DynamoSnapshotStore } from './DynamoSnapshotStore.ts';
import type { ExportCheckpoint } from './ExportCheckpoint.ts';
import { exportSourcesOf } from './ExportSources.ts';
import { exportFileNames } from './exportFileNames.ts';
import { EXPORT_LEASE_MS, exportLeaseResource, exportLeases } from './exportLease.ts';
import { exportRows } from './exportRows.ts';
import { memberKey } from './memberKey.ts';
import { type IdPolicy, resolveExportId } from './resolveExportId.ts';
import type { SnapshotEntry } from './SnapshotStore.ts';
import { SplitFileWriter, type WrittenFile } from './SplitFileWriter.ts';

/** What one call did with the job: finished it, or left it for a later delivery. */
export type ExportRunOutcome = 'succeeded' | 'failed' | 'busy' | 'ignored';

export interface RunExportOptions {
  /**
   * The step after publish (the delivery to the partner): runs before the job is marked
   * succeeded, so a crash in between makes the retried job run it again; it must be idempotent.
   */
  afterPublish?: (job: Job, outputKeys: readonly string[]) => Promise<void>;
}

/** Attempts after which a job that keeps failing on a dependency is marked failed. */
export const MAX_EXPORT_ATTEMPTS = 5;
const SHARD_CONCURRENCY = 4;
const RECIPIENT_BATCH = 100;

/** The published state of a snapshot item as of generation `published`, if it is part of it. */
function publishedState(entry: SnapshotEntry | undefined, published: number) {
  if (!entry) return undefined;
  if (entry.v <= published) return entry.v === published ? { v: entry.v, id: entry.id } : undefined;
  return entry.pv === published && entry.pid !== undefined ? { v: entry.pv, id: entry.pid } : undefined;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A member's IDs as one snapshot value: IDs never hold a control character (`resolveExportId`),
 * so a line feed separates them.
 */
const joinIds = (ids: readonly string[]) => ids.join('\n');
const splitIds = (joined: string) => joined.split('\n');

const copySource = (bucket: string, key: string) =>
  `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

/**
 * Runs one export job to the end (at-least-once safe; see docs/export.md): streams the list's
 * shards in parallel, resolves recipients 100 at a time, writes the data files to a staging
 * prefix, copies them to their final names, writes the `.info` file last, then publishes the new
 * snapshot with one conditional write. A retry of a job that already published only finishes it.
 * Returns `busy` when another export of the shared audience holds its lease (retry later).
 * Client mistakes (a deleted list, a missing key) fail the job; dependency errors are thrown so
 * the queue redelivers. `options.afterPublish` runs once the files are published.
 *
 * @example
 * const outcome = await runExport(runtime, 'export:crm-weekly:1795683600000');
 */
export async function runExport(
  runtime: Runtime,
  jobId: string,
  options: RunExportOptions = {},
): Promise<ExportRunOutcome> {
  const job = await runtime.jobs.get(jobId);
  if (job?.type !== 'export' || isFinished(job.status)) return 'ignored';
  const name = job.source?.sharedAudience ?? '';
  const leases = exportLeases(runtime);
  const resource = exportLeaseResource(name);
  const held = await leases.acquire(resource, jobId, EXPORT_LEASE_MS);
  if (!held) return 'busy';
  const attempts = job.attempts + 1;
  if (!(await runtime.jobs.transition(jobId, ['queued', 'running'], { status: 'running', attempts }))) {
    return 'ignored';
  }
  try {
    if (attempts > MAX_EXPORT_ATTEMPTS) {
      await fail(runtime, jobId, 'dependency_failed', `gave up after ${MAX_EXPORT_ATTEMPTS} attempts`);
      await leases.release(resource, jobId);
      return 'failed';
    }
    let renewedAt = Date.now();
    // Renewed at most once a minute, between shards: far inside the lease's 15 minutes.
    const renew = async () => {
      if (Date.now() - renewedAt < 60_000) return true;
      renewedAt = Date.now();
      return leases.renew(resource, jobId, EXPORT_LEASE_MS);
    };
    const outcome = await execute(runtime, { ...job, attempts }, renew);
    // Before the job reads `succeeded`: a crash in between retries this step, never skips it.
    await options.afterPublish?.(job, outcome.outputKeys);
    // Released before the job reads `succeeded`: whoever sees it done may start the next export.
    await leases.release(resource, jobId);
    await finish(runtime, jobId, outcome);
    return 'succeeded';
  } catch (error) {
    if (error instanceof AppError && error.expose) {
      await fail(runtime, jobId, error.code, error.message);
      await leases.release(resource, jobId);
      return 'failed';
    }
    logger.error('export attempt failed; it will be retried', { jobId, error });
    throw error;
  }
}

async function fail(runtime: Runtime, jobId: string, code: string, message: string): Promise<void> {
  await runtime.jobs.transition(jobId, ['running'], {
    status: 'failed',
    error: { code, message },
    updatedAt: runtime.now().toISOString(),
  });
}

interface ExportResult {
  receipt: Receipt;
  outputKeys: string[];
  withoutIdKey?: string;
}

async function execute(runtime: Runtime, job: Job, renew: () => Promise<boolean>): Promise<ExportResult> {
  const { s3 } = runtime.clients;
  const bucket = runtime.config.bucket;
  const name = job.source?.sharedAudience ?? '';
  const checkpoint = (job.checkpoint ?? {}) as ExportCheckpoint;
  const stored = checkpoint.definition ? undefined : await runtime.sharedAudiences.get(name);
  const definition: SharedAudienceDefinition | undefined = checkpoint.definition ?? stored;
  if (!definition)
    throw new NotFoundError(`sharedAudience: no shared audience ${name}`, { field: 'sharedAudience' });
  const receiptKey = `receipts/${job.jobId}.json`;

  // A previous attempt published this very job's snapshot: its files and receipt are complete.
  if (stored && stored.snapshot.jobId === job.jobId) {
    const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: receiptKey }));
    return JSON.parse(await (body.Body?.transformToString() ?? '{}')) as ExportResult;
  }

  const sources = exportSourcesOf(runtime);
  const { dataSource, currentKey, targetDpid } = await checkDefinition(sources, definition, {
    loadKey: true,
  });
  const mode = checkpoint.mode ?? definition.mode;
  const basis = snapshotBasisOf(definition);
  const published = stored?.snapshot.generation ?? 0;
  const sameBasis = published > 0 && stored?.snapshot.basis === basis;
  const diff = mode === 'incremental' && sameBasis;
  const generation = stored ? await runtime.sharedAudiences.nextGeneration(name) : 0;
  const snapshots = stored ? new DynamoSnapshotStore(runtime.clients.ddb, runtime.config.table) : undefined;

  const names = exportFileNames({
    sharedAudience: name,
    inline: stored === undefined,
    jobId: job.jobId,
    createdAt: job.createdAt,
    format: definition.format,
    dpid: dataSource.dpid,
    targetDpid,
    sync: mode === 'incremental',
    gzip: definition.gzip,
  });
  const rows = exportRows(definition);
  const data = new SplitFileWriter({
    s3,
    bucket,
    gzip: definition.gzip,
    splitLines: definition.splitLines,
    header: rows.header,
    locate: (split) => {
      const fileName = names.dataFile(split);
      return { name: fileName, key: `${names.tmpFolder}${fileName}` };
    },
  });
  // Recipient IDs of members without an ID are ours, not the partner's: never in its folder.
  const withoutIdName = `${job.jobId}.without-id.txt`;
  const withoutIdKey = `receipts/${withoutIdName}`;
  const companion = new SplitFileWriter({
    s3,
    bucket,
    gzip: false,
    locate: () => ({ name: withoutIdName, key: withoutIdKey }),
  });
  const receipt: Receipt = {
    ...emptyReceipt(definition.format, diff ? 'incremental' : 'full'),
    recordsWritten: 0,
    recordsWithoutId: 0,
    recordsSuppressed: 0,
    files: [],
  };
  const count = (field: 'recordsWithoutId' | 'recordsSuppressed') => {
    receipt[field] = (receipt[field] ?? 0) + 1;
  };
  const policy = {
    dataSource,
    currentKey,
    audience: {
      purpose: definition.purpose,
      consent: 'opt-out',
      excludedLabels: definition.excludedLabels ?? [],
    },
  } satisfies IdPolicy;

  const exportMembers = async (shard: number, members: readonly Member[]) => {
    const recipientIds = members.flatMap((m) => (m.recipientId ? [m.recipientId] : []));
    const recipients = recipientIds.length ? await sources.recipients.getMany(recipientIds) : new Map();
    const withId: { key: string; id: string }[] = [];
    const missing: string[] = [];
    for (const member of members) {
      receipt.recordsProcessed += 1;
      const outcome = resolveExportId(
        member,
        member.recipientId ? recipients.get(member.recipientId) : undefined,
        policy,
      );
      const key = memberKey(member);
      if (outcome.kind === 'suppressed') count('recordsSuppressed');
      else if (outcome.kind === 'withoutId' || !key) {
        count('recordsWithoutId');
        if (member.recipientId) missing.push(member.recipientId);
      } else withId.push({ key, id: joinIds(outcome.ids) });
    }
    const lines: string[] = [];
    const add = (ids: readonly string[]) => {
      for (const id of ids) lines.push(rows.add(id));
      receipt.membershipsAdded += ids.length;
    };
    const remove = (ids: readonly string[]) => {
      for (const id of ids) lines.push(rows.remove(id));
      receipt.membershipsRemoved += ids.length;
    };
    if (snapshots) {
      const previous = await snapshots.getMany(
        name,
        shard,
        withId.map((m) => m.key),
      );
      const entries: SnapshotEntry[] = [];
      for (const { key, id } of withId) {
        const was = sameBasis ? publishedState(previous.get(key), published) : undefined;
        const ids = splitIds(id);
        const before = was ? splitIds(was.id) : [];
        add(diff ? ids.filter((x) => !before.includes(x)) : ids);
        remove(before.filter((x) => !ids.includes(x)));
        const entry: SnapshotEntry = { memberKey: key, v: generation, id };
        const keep = publishedState(previous.get(key), published);
        if (keep) Object.assign(entry, { pv: keep.v, pid: keep.id });
        entries.push(entry);
      }
      await snapshots.putMany(name, shard, entries);
    } else {
      for (const { id } of withId) add(splitIds(id));
    }
    await Promise.all([data.writeLines(lines), companion.writeLines(missing)]);
  };

  // Members of the published snapshot this attempt did not write: removed (or now suppressed or
  // without ID) since the last export. Entries no longer part of the published state are garbage.
  const sweepSnapshot = async (shard: number) => {
    if (!snapshots) return;
    for await (const page of snapshots.scan(name, shard)) {
      const lines: string[] = [];
      const garbage: string[] = [];
      for (const entry of page) {
        if (entry.v === generation) continue;
        const was = publishedState(entry, published);
        if (was && sameBasis) {
          const ids = splitIds(was.id);
          for (const id of ids) lines.push(rows.remove(id));
          receipt.membershipsRemoved += ids.length;
        } else if (!was) garbage.push(entry.memberKey);
      }
      await data.writeLines(lines);
      if (garbage.length) await snapshots.deleteMany(name, shard, garbage);
    }
  };

  const limit = pLimit(SHARD_CONCURRENCY);
  const shards = Array.from({ length: sources.lists.shardCount }, (_, shard) => shard);
  let files: WrittenFile[];
  let companionFiles: WrittenFile[];
  try {
    await Promise.all(
      shards.map((shard) =>
        limit(async () => {
          for await (const batch of sources.lists.scanShard(definition.listId, shard)) {
            for (const members of chunks(batch, RECIPIENT_BATCH)) await exportMembers(shard, members);
          }
          await sweepSnapshot(shard);
          if (!(await renew()))
            throw new DependencyError('the export lease was lost; the job will be retried');
        }),
      ),
    );
    [files, companionFiles] = await Promise.all([data.close(), companion.close()]);
  } catch (error) {
    limit.clearQueue();
    await Promise.all([data.abort(), companion.abort()]);
    throw error;
  }
  receipt.recordsWritten = receipt.membershipsAdded + receipt.membershipsRemoved;
  const outputKeys: string[] = [];
  // Publish: data files appear under their final names only once all are complete (a copy is
  // atomic), and the `.info` control file, which lists them, is written after them.
  for (const file of files) {
    const finalKey = `${names.folder}${file.name}`;
    await s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: finalKey, CopySource: copySource(bucket, file.key) }),
    );
    outputKeys.push(finalKey);
  }
  if (files.length > 0) {
    const info = buildControlFile(
      files.map((f) => ({
        FileName: f.name,
        FileSequenceNumber: f.sequence,
        FileByteSize: f.byteSize,
        FileLineCount: f.lineCount,
        md5: f.md5,
      })),
    );
    const infoKey = `${names.folder}${names.info}`;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: infoKey,
        Body: `${JSON.stringify(info, null, 2)}\n`,
        ContentType: 'application/json',
      }),
    );
    outputKeys.push(infoKey);
  } else {
    receipt.warnings = ['nothing to write: no file was produced'];
  }
  receipt.files = files.map((f) => f.name);
  const outcome: ExportResult = {
    receipt,
    outputKeys,
    ...(companionFiles.length > 0 ? { withoutIdKey } : {}),
  };
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: receiptKey,
      Body: JSON.stringify({ jobId: job.jobId, ...outcome }),
      ContentType: 'application/json',
    }),
  );
  if (stored) {
    const ok = await runtime.sharedAudiences.publishSnapshot(name, published, {
      generation,
      jobId: job.jobId,
      basis,
    });
    if (!ok)
      throw new ConflictError('sharedAudience: another export published a snapshot meanwhile', {
        field: 'sharedAudience',
      });
  }
  await removeStaging(runtime, names.tmpFolder);
  return outcome;
}

async function finish(runtime: Runtime, jobId: string, outcome: ExportResult): Promise<void> {
  await runtime.jobs.transition(jobId, ['running'], {
    status: 'succeeded',
    receipt: outcome.receipt,
    outputKeys: outcome.outputKeys,
    ...(outcome.withoutIdKey ? { withoutIdKey: outcome.withoutIdKey } : {}),
    updatedAt: runtime.now().toISOString(),
  });
}

/** Deletes the staging prefix, including parts an earlier attempt left (best effort). */
async function removeStaging(runtime: Runtime, prefix: string): Promise<void> {
  const { s3 } = runtime.clients;
  const bucket = runtime.config.bucket;
  try {
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
      }
      token = page.NextContinuationToken;
    } while (token);
  } catch (error) {
    logger.warn('could not remove an export staging prefix', { error });
  }
}
