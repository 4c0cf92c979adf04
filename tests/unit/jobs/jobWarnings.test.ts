import { describe, expect, it } from 'vitest';
import { emptyReceipt, jobWarnings, type Receipt } from '../../../shared/jobs/index.ts';

const receipt = (fields: Partial<Receipt>): Receipt => ({ ...emptyReceipt('csv', 'incremental'), ...fields });

describe('jobWarnings', () => {
  it('warns that every line was rejected when no line had a valid ID', () => {
    expect(jobWarnings(receipt({ linesRead: 5, formatErrors: 3, invalidIds: 2 }))).toEqual([
      'applied nothing: all 5 lines were rejected (3 format errors, 2 invalid IDs)',
    ]);
  });

  it('warns that nothing matched when every valid ID is unmatched', () => {
    expect(
      jobWarnings(receipt({ linesRead: 7, recordsProcessed: 6, invalidIds: 1, unmatchedIds: 6 })),
    ).toEqual(['applied nothing: none of the 6 valid IDs matched a recipient']);
    const split = { unknownId: 1, noRecipient: 4, blocked: 1, forced: 0, encodingMismatch: 0 };
    expect(
      jobWarnings(receipt({ linesRead: 6, recordsProcessed: 6, unmatchedIds: 6, unmatched: split })),
    ).toEqual(['applied nothing: none of the 6 valid IDs matched a recipient; mostly noRecipient (4)']);
  });

  it('warns that everything was already in place when matched records changed nothing', () => {
    expect(jobWarnings(receipt({ linesRead: 4, recordsProcessed: 4, unmatchedIds: 1 }))).toEqual([
      'applied nothing: all 3 matched records were already in place (already members, or already absent); nothing changed',
    ]);
  });

  it('warns about the skip when the drop was a duplicate', () => {
    expect(jobWarnings(receipt({ duplicate: true, skipped: 'duplicate' }))).toEqual([
      'skipped: this object (same key and ETag) was applied before; nothing changed',
    ]);
    expect(jobWarnings(receipt({ duplicate: true }))).toEqual([
      'skipped: this object (same key and ETag) was applied before; nothing changed',
    ]);
  });

  it('warns about the skip when the full file was stale or import is disabled', () => {
    expect(jobWarnings(receipt({ skipped: 'stale', linesRead: 9 }))).toEqual([
      'skipped: stale full file; a newer full file for the same list was applied before',
    ]);
    expect(jobWarnings(receipt({ skipped: 'import-disabled' }))).toEqual([
      "skipped: import is disabled for the file's data source; nothing applied",
    ]);
  });

  it('gives no warning when something was applied or the file was empty', () => {
    expect(jobWarnings(receipt({ linesRead: 3, recordsProcessed: 3, membershipsRemoved: 1 }))).toEqual([]);
    expect(
      jobWarnings(receipt({ format: 'aam-idsync', linesRead: 3, recordsProcessed: 3, idLinks: 2 })),
    ).toEqual([]);
    expect(jobWarnings(receipt({ format: 'recipients-csv', linesRead: 2, recordsProcessed: 2 }))).toEqual([]);
    expect(jobWarnings(receipt({}))).toEqual([]);
  });
});
