import type { IngestMessage, JobDispatcher } from '../../../shared/jobs/index.ts';

/** Collects ingest messages instead of delivering them, so a test drives each run itself. */
export class QueueDispatcher implements JobDispatcher {
  readonly ingest: IngestMessage[] = [];
  async enqueueIngest(message: IngestMessage): Promise<void> {
    this.ingest.push(message);
  }
  async enqueueExport(): Promise<void> {}
}
