import type { IngestMessage, JobDispatcher } from '../shared/jobs/index.ts';

/**
 * A dispatcher that only records what would have been queued: the ingest-core run calls the core
 * directly, so a `continue` message means the run was cut short (and the bench says so).
 */
export class RecordingDispatcher implements JobDispatcher {
  readonly ingest: IngestMessage[] = [];
  readonly exports: string[] = [];

  async enqueueIngest(message: IngestMessage): Promise<void> {
    this.ingest.push(message);
  }

  async enqueueExport(jobId: string): Promise<void> {
    this.exports.push(jobId);
  }
}
