/** A message on the ingest queue: a drop to read, or a job to continue from its checkpoint. */
export type IngestMessage =
  | { kind: 'drop'; key: string; etag?: string; size?: number }
  | { kind: 'continue'; jobId: string };

/**
 * Hands work to the asynchronous workers: SQS queues in AWS, a bounded in-process queue in the
 * local stack. Both deliver at least once; workers make the effect exactly-once.
 */
export interface JobDispatcher {
  enqueueIngest(message: IngestMessage): Promise<void>;
  enqueueExport(jobId: string): Promise<void>;
}
