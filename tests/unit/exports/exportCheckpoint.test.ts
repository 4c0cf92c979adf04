import { describe, expect, it } from 'vitest';
import { CorruptRecordError } from '../../../shared/errors/index.ts';
import { parseExportCheckpoint } from '../../../shared/exports/index.ts';
import { definition as testDefinition } from './exportFixture.ts';

const jobId = 'export:inline:1795683600000';
const definition = testDefinition();

function corruption(checkpoint: Record<string, unknown>): CorruptRecordError {
  try {
    parseExportCheckpoint({ jobId, checkpoint });
  } catch (error) {
    if (error instanceof CorruptRecordError) return error;
    throw error;
  }
  throw new Error('the checkpoint parsed');
}

describe('parseExportCheckpoint', () => {
  it("reads an inline export's definition and a run's mode, and a job without a checkpoint as {}", () => {
    expect(parseExportCheckpoint({ jobId, checkpoint: { definition } })).toEqual({ definition });
    expect(parseExportCheckpoint({ jobId, checkpoint: { mode: 'full' } })).toEqual({ mode: 'full' });
    expect(parseExportCheckpoint({ jobId })).toEqual({});
  });

  it('names the job and the field of a corrupt checkpoint', () => {
    const mode = corruption({ mode: 'partial' });
    expect(mode.context.field).toBe('checkpoint.mode');
    expect(mode.message).toMatch(
      new RegExp(`^job ${jobId}: stored record is corrupt at checkpoint\\.mode: `),
    );
    const { traitId: _dropped, ...noTrait } = definition;
    expect(corruption({ definition: noTrait }).context.field).toBe('checkpoint.definition.traitId');
  });
});
