import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIngestRecord } from '../../../../functions/ingest/parseIngestRecord.ts';

const s3Body = (key: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: 'b' }, object: { key, size: 12, eTag: 'abc', ...extra } },
      },
    ],
  });

describe('parseIngestRecord', () => {
  it('decodes the key when S3 URL-encodes it with + for spaces', () => {
    expect(parseIngestRecord(s3Body('inbound/my+file%2B1.csv'))).toEqual([
      { kind: 'drop', key: 'inbound/my file+1.csv', etag: 'abc', size: 12 },
    ]);
  });

  it('reads continue and drop messages when the dispatcher sent them', () => {
    expect(parseIngestRecord('{"kind":"continue","jobId":"ingest:inbound/a.sync"}')).toEqual([
      { kind: 'continue', jobId: 'ingest:inbound/a.sync' },
    ]);
    expect(parseIngestRecord('{"kind":"drop","key":"inbound/a.sync"}')).toEqual([
      { kind: 'drop', key: 'inbound/a.sync' },
    ]);
  });

  it('returns no messages when S3 sends its test event', () => {
    expect(parseIngestRecord('{"Event":"s3:TestEvent"}')).toEqual([]);
  });

  it('skips removals when the notification is not an object creation', () => {
    const body = JSON.stringify({
      Records: [{ eventName: 'ObjectRemoved:Delete', s3: { object: { key: 'inbound/a.sync' } } }],
    });
    expect(parseIngestRecord(body)).toEqual([]);
  });

  it('returns undefined instead of throwing when the body is anything else', () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        const parsed = parseIngestRecord(body);
        expect(parsed === undefined || Array.isArray(parsed)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(parseIngestRecord('not json')).toBeUndefined();
    expect(parseIngestRecord('{"kind":"drop"}')).toBeUndefined();
    expect(parseIngestRecord(s3Body('inbound/%E0%A4%A'))).toEqual([]);
  });
});
