import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError } from '../../../shared/errors/index.ts';
import { DynamoDropRanges } from '../../../shared/ingest/DynamoDropRanges.ts';
import { emptyCounters } from '../../../shared/ingest/IngestCheckpoint.ts';
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

  it("names a corrupt range checkpoint's range and field on read", async () => {
    const table = await tables.create('ranges');
    const ranges = new DynamoDropRanges(tables.ddb, table, () => new Date(0));
    await ranges.saveCheckpoint(jobId, 'plan-1', 2, saved);
    await tables.ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `RANGE#${jobId}`, sk: 'plan-1#2' },
        UpdateExpression: 'SET #c.linesDone = :s',
        ExpressionAttributeNames: { '#c': 'checkpoint' },
        ExpressionAttributeValues: { ':s': 'four thousand' },
      }),
    );
    const read = ranges.checkpoint(jobId, 'plan-1', 2);
    await expect(read).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(read).rejects.toThrow(
      `job ${jobId} range 2: stored record is corrupt at checkpoint.linesDone`,
    );
  });
});
