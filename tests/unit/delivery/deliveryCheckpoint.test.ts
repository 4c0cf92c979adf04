import { describe, expect, it } from 'vitest';
import { parseDeliveryCheckpoint } from '../../../shared/delivery/DeliveryCheckpoint.ts';
import { CorruptRecordError } from '../../../shared/errors/index.ts';

const jobId = 'deliver:export:partner-a:1795683600000';

const saved = {
  round: 1,
  outputKeys: ['outbound/partner-a/a.sync', 'outbound/partner-a/a.info'],
  delivered: [{ name: 'a.sync', location: 's3://partner/in/a.sync', bytes: 1024, md5: 'ab12', attempts: 1 }],
  inFlight: { name: 'a.info', attempts: 1 },
};

function corruption(checkpoint: Record<string, unknown> | undefined): CorruptRecordError {
  try {
    parseDeliveryCheckpoint({ jobId, ...(checkpoint ? { checkpoint } : {}) });
  } catch (error) {
    if (error instanceof CorruptRecordError) return error;
    throw error;
  }
  throw new Error('the checkpoint parsed');
}

describe('parseDeliveryCheckpoint', () => {
  it('reads a saved checkpoint as it was saved', () => {
    expect(parseDeliveryCheckpoint({ jobId, checkpoint: structuredClone(saved) })).toEqual(saved);
  });

  it('names the job and the field of a missing or corrupt checkpoint', () => {
    const missing = corruption(undefined);
    expect(missing.context.field).toBe('checkpoint');
    expect(missing.message).toMatch(new RegExp(`^job ${jobId}: stored record is corrupt at checkpoint: `));
    const bytes = corruption({ ...saved, delivered: [{ ...saved.delivered[0], bytes: -1 }] });
    expect(bytes.context.field).toBe('checkpoint.delivered.0.bytes');
  });
});
