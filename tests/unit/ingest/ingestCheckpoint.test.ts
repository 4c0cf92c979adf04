import { describe, expect, it } from 'vitest';
import { CorruptRecordError } from '../../../shared/errors/index.ts';
import { abandonLists } from '../../../shared/ingest/abandonLists.ts';
import { emptyCounters, parseIngestCheckpoint } from '../../../shared/ingest/IngestCheckpoint.ts';
import type { Job } from '../../../shared/jobs/index.ts';
import type { ListStore } from '../../../shared/lists/index.ts';

const jobId = 'ingest:inbound/aam/ftp_dpm_777_1700000000000_full.sync';

const saved = {
  linesDone: 5000,
  counters: {
    ...emptyCounters(),
    unmatchedIds: 7,
    unmatched: { unknownId: 5, noRecipient: 1, blocked: 1, forced: 0, encodingMismatch: 0 },
    idLinks: 2,
    errors: [{ line: 12, reason: 'column 2: expected a segment ID' }],
  },
  lists: [{ listId: 'aam.777', pendingVersion: 3, epoch: 4001, added: 120, removed: 4 }],
  pendingVersion: { 'aam.777': 3 },
};

/** The error a read throws, for its message and field. */
function corruption(checkpoint: unknown): CorruptRecordError {
  try {
    parseIngestCheckpoint({ jobId, checkpoint: checkpoint as Record<string, unknown> });
  } catch (error) {
    if (error instanceof CorruptRecordError) return error;
    throw error;
  }
  throw new Error('the checkpoint parsed');
}

describe('parseIngestCheckpoint', () => {
  it('reads a saved checkpoint as it was saved, and a job without one as undefined', () => {
    expect(parseIngestCheckpoint({ jobId, checkpoint: structuredClone(saved) })).toEqual(saved);
    expect(parseIngestCheckpoint({ jobId })).toBeUndefined();
  });

  it('reads the counters a checkpoint predates as zero', () => {
    const old = { ...saved, counters: { unmatchedIds: 7, idLinks: 2, errors: [] } };
    expect(parseIngestCheckpoint({ jobId, checkpoint: old })?.counters).toEqual({
      ...emptyCounters(),
      unmatchedIds: 7,
      idLinks: 2,
    });
  });

  it('names the job and the field of a corrupt checkpoint', () => {
    const stringLines = corruption({ ...saved, linesDone: '5000' });
    expect(stringLines.context.field).toBe('checkpoint.linesDone');
    expect(stringLines.message).toBe(
      `job ${jobId}: stored record is corrupt at checkpoint.linesDone: Invalid input: expected number, received string`,
    );
    const noVersion = corruption({
      ...saved,
      lists: [{ listId: 'aam.777', epoch: 1, added: 0, removed: 0 }],
    });
    expect(noVersion.context.field).toBe('checkpoint.lists.0.pendingVersion');
  });
});

describe('abandonLists', () => {
  const job = (checkpoint: unknown) =>
    ({ jobId, checkpoint: checkpoint as Record<string, unknown> }) as unknown as Job;

  it("rolls back each list of the checkpoint, and none of a corrupt one (left to the lease's expiry)", async () => {
    const opened: string[] = [];
    const lists = {
      openWrite: async (listId: string) => {
        opened.push(listId);
        return { abort: async () => {} };
      },
    } as unknown as ListStore;
    await abandonLists({ lists }, job(saved));
    expect(opened).toEqual(['aam.777']);
    await abandonLists({ lists }, job({ ...saved, lists: 'aam.777' }));
    expect(opened).toEqual(['aam.777']);
  });
});
