import { emptyReceipt, type Receipt } from '../jobs/index.ts';
import type { Member } from '../lists/types.ts';
import type { ExportFiles, LineSink } from './ExportFiles.ts';
import type { ExportSources } from './ExportSources.ts';
import type { ExportPlan } from './planExport.ts';
import { resolveBatch } from './resolveBatch.ts';
import type { SnapshotEntry, SnapshotStore } from './SnapshotStore.ts';
import type { WrittenFile } from './SplitFileWriter.ts';

/** The published state of a snapshot item as of generation `published`, if it is part of it. */
function publishedState(entry: SnapshotEntry | undefined, published: number) {
  if (!entry) return undefined;
  if (entry.v <= published) return entry.v === published ? { v: entry.v, id: entry.id } : undefined;
  return entry.pv === published && entry.pid !== undefined ? { v: entry.pv, id: entry.pid } : undefined;
}

/**
 * A member's IDs as one snapshot value: IDs never hold a control character (`resolveExportId`),
 * so a line feed separates them.
 */
const joinIds = (ids: readonly string[]) => ids.join('\n');
const splitIds = (joined: string) => joined.split('\n');

/**
 * Write: turns batches of members into rows of the staged data files (against the published
 * snapshot when the shared audience is stored), and counts them in the receipt. Members without
 * an ID the partner knows go to `receipts/<jobId>.without-id.txt`, never to the partner's folder.
 */
export class ExportWriter {
  readonly receipt: Receipt;
  readonly withoutIdKey: string;
  private readonly data: LineSink;
  private readonly companion: LineSink;

  constructor(
    private readonly plan: ExportPlan,
    private readonly sources: Pick<ExportSources, 'recipients'>,
    private readonly snapshots: SnapshotStore | undefined,
    files: ExportFiles,
  ) {
    const { definition, names } = plan;
    this.receipt = {
      ...emptyReceipt(definition.format, plan.diff ? 'incremental' : 'full'),
      recordsWritten: 0,
      recordsWithoutId: 0,
      recordsSuppressed: 0,
      files: [],
    };
    this.data = files.sink({
      gzip: definition.gzip,
      splitLines: definition.splitLines,
      header: plan.rows.header,
      locate: (split) => {
        const name = names.dataFile(split);
        return { name, key: `${names.tmpFolder}${name}` };
      },
    });
    const withoutIdName = `${plan.jobId}.without-id.txt`;
    this.withoutIdKey = `receipts/${withoutIdName}`;
    this.companion = files.sink({
      gzip: false,
      locate: () => ({ name: withoutIdName, key: this.withoutIdKey }),
    });
  }

  /** One batch of a shard's members (at most 100: one read of their recipients). */
  async writeBatch(shard: number, members: readonly Member[]): Promise<void> {
    const recipientIds = members.flatMap((m) => (m.recipientId ? [m.recipientId] : []));
    const recipients = recipientIds.length ? await this.sources.recipients.getMany(recipientIds) : new Map();
    const resolved = resolveBatch(members, recipients, this.plan.policy);
    const receipt = this.receipt;
    receipt.recordsProcessed += members.length;
    receipt.recordsSuppressed = (receipt.recordsSuppressed ?? 0) + resolved.suppressed;
    receipt.recordsWithoutId = (receipt.recordsWithoutId ?? 0) + resolved.withoutId;
    const lines: string[] = [];
    if (this.snapshots) await this.diff(shard, resolved.withId, lines);
    else for (const { ids } of resolved.withId) this.add(ids, lines);
    await Promise.all([this.data.writeLines(lines), this.companion.writeLines(resolved.missing)]);
  }

  /**
   * After a shard's members: members of the published snapshot this attempt did not write were
   * removed (or are now suppressed or without ID) since the last export; entries no longer part
   * of the published state are garbage.
   */
  async sweep(shard: number): Promise<void> {
    if (!this.snapshots) return;
    const { name, generation, published, sameBasis } = this.plan;
    for await (const page of this.snapshots.scan(name, shard)) {
      const lines: string[] = [];
      const garbage: string[] = [];
      for (const entry of page) {
        if (entry.v === generation) continue;
        const was = publishedState(entry, published);
        if (was && sameBasis) this.remove(splitIds(was.id), lines);
        else if (!was) garbage.push(entry.memberKey);
      }
      await this.data.writeLines(lines);
      if (garbage.length) await this.snapshots.deleteMany(name, shard, garbage);
    }
  }

  /** The staged data files and the without-ID file (empty when every member had an ID). */
  async close(): Promise<{ files: WrittenFile[]; withoutId: WrittenFile[] }> {
    const [files, withoutId] = await Promise.all([this.data.close(), this.companion.close()]);
    this.receipt.recordsWritten = this.receipt.membershipsAdded + this.receipt.membershipsRemoved;
    return { files, withoutId };
  }

  async abort(): Promise<void> {
    await Promise.all([this.data.abort(), this.companion.abort()]);
  }

  private async diff(
    shard: number,
    withId: ReadonlyArray<{ key: string; ids: string[] }>,
    lines: string[],
  ): Promise<void> {
    const snapshots = this.snapshots as SnapshotStore;
    const { name, generation, published, sameBasis, diff } = this.plan;
    const previous = await snapshots.getMany(
      name,
      shard,
      withId.map((m) => m.key),
    );
    const entries: SnapshotEntry[] = [];
    for (const { key, ids } of withId) {
      const kept = publishedState(previous.get(key), published);
      const before = kept && sameBasis ? splitIds(kept.id) : [];
      this.add(diff ? ids.filter((x) => !before.includes(x)) : ids, lines);
      this.remove(
        before.filter((x) => !ids.includes(x)),
        lines,
      );
      const entry: SnapshotEntry = { memberKey: key, v: generation, id: joinIds(ids) };
      if (kept) Object.assign(entry, { pv: kept.v, pid: kept.id });
      entries.push(entry);
    }
    await snapshots.putMany(name, shard, entries);
  }

  private add(ids: readonly string[], lines: string[]): void {
    for (const id of ids) lines.push(this.plan.rows.add(id));
    this.receipt.membershipsAdded += ids.length;
  }

  private remove(ids: readonly string[], lines: string[]): void {
    for (const id of ids) lines.push(this.plan.rows.remove(id));
    this.receipt.membershipsRemoved += ids.length;
  }
}
