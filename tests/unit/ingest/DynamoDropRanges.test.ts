import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError } from '../../../shared/errors/index.ts';
import type { RangeResult } from '../../../shared/ingest/DropRanges.ts';
import { cutUtf8, DynamoDropRanges, VALUE_PART_BYTES } from '../../../shared/ingest/DynamoDropRanges.ts';
import { emptyCounters } from '../../../shared/ingest/IngestCheckpoint.ts';
import { emptyReceipt } from '../../../shared/jobs/index.ts';
import { useDynamoTables } from '../../helpers/dynamoTables.ts';

const jobId = 'ingest:inbound/aam/ftp_dpm_777_1700000000000_iter.sync';
const saved = {
  linesDone: 4000,
  counters: emptyCounters(),
  lists: [{ listId: 'aam.777', pendingVersion: 3, epoch: 2001, added: 40, removed: 0 }],
  pendingVersion: { 'aam.777': 3 },
};

describe('DynamoDropRanges', () => {
  const tables = useDynamoTables();

  it("reads back a range's checkpoint as saved, and none for a range that saved nothing", async () => {
    const ranges = new DynamoDropRanges(tables.ddb, await tables.create('ranges'), () => new Date(0));
    await ranges.saveCheckpoint(jobId, 'plan-1', 2, saved);
    expect(await ranges.checkpoint(jobId, 'plan-1', 2)).toEqual(saved);
    expect(await ranges.checkpoint(jobId, 'plan-1', 3)).toBeUndefined();
  });

  it('cuts a JSON text into parts of at most so many UTF-8 bytes, never inside a character', () => {
    expect(cutUtf8('aé€😀b', 4)).toEqual(['aé', '€', '😀', 'b']);
    expect(cutUtf8('aé€😀b', 5)).toEqual(['aé', '€', '😀b']);
    expect(cutUtf8('', 4)).toEqual(['']);
    expect(() => cutUtf8('abc', 3)).toThrow(RangeError);
  });

  it("names a corrupt range checkpoint's range and field on read", async () => {
    const ranges = new DynamoDropRanges(tables.ddb, await tables.create('ranges'), () => new Date(0));
    await ranges.saveCheckpoint(jobId, 'plan-1', 2, { ...saved, linesDone: 'four thousand' } as never);
    const read = ranges.checkpoint(jobId, 'plan-1', 2);
    await expect(read).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(read).rejects.toThrow(
      `job ${jobId} range 2: stored record is corrupt at checkpoint.linesDone`,
    );
  });

  it('stores the checkpoint and result of a range naming 3,000 segments in parts, and reads them back whole', async () => {
    const table = await tables.create('ranges');
    const ranges = new DynamoDropRanges(tables.ddb, table, () => new Date(0));
    const lists = Array.from({ length: 3_000 }, (_, i) => ({
      listId: `aam.${100_000 + i}`,
      pendingVersion: 7,
      epoch: 4000,
      added: 120,
      removed: 3,
      adds: true as const,
    }));
    const checkpoint = {
      ...saved,
      lists,
      pendingVersion: Object.fromEntries(lists.map((l) => [l.listId, 7])),
    };
    const result: RangeResult = {
      receipt: { ...emptyReceipt(), linesRead: 4000, segments: lists.map((l) => l.listId.slice(4)) },
      counters: emptyCounters(),
      lists,
      stale: [],
      matches: lists.map((l) => [l.listId, { matched: 100, pending: 20 }]),
      files: {},
    };
    expect(Buffer.byteLength(JSON.stringify(checkpoint))).toBe(321_243);
    expect(Buffer.byteLength(JSON.stringify(result))).toBe(435_576);
    expect(VALUE_PART_BYTES).toBe(194_560);
    // Both on one range: their first parts share its item, which stays under 400 KB.
    await ranges.saveCheckpoint(jobId, 'plan-1', 2, checkpoint);
    expect(await ranges.finish(jobId, 'plan-1', 2, result)).toBe(1);
    expect(await ranges.checkpoint(jobId, 'plan-1', 2)).toEqual(checkpoint);
    expect(await ranges.results(jobId, 'plan-1', [2, 3])).toEqual([result, undefined]);
    const item = await tables.ddb.send(
      new GetCommand({ TableName: table, Key: { pk: `RANGE#${jobId}`, sk: 'plan-1#2' } }),
    );
    expect([item.Item?.checkpoint.parts, item.Item?.result.parts]).toEqual([2, 3]);

    // A later, smaller checkpoint is read as saved (never mixed with the older one's parts).
    await ranges.saveCheckpoint(jobId, 'plan-1', 2, saved);
    expect(await ranges.checkpoint(jobId, 'plan-1', 2)).toEqual(saved);
  });
});
