import type { SharedAudienceDefinition } from '../sharedAudiences/index.ts';

/** What an export job record carries besides its receipt (`job.checkpoint`). */
export interface ExportCheckpoint {
  /** An inline export's definition (no stored shared audience, no snapshot). */
  definition?: SharedAudienceDefinition;
  /** A mode asked for this run only (`full` on an incremental shared audience). */
  mode?: 'full' | 'incremental';
}
