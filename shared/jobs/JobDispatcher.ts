/** A message on the ingest queue: a drop to read, or a job to continue from its checkpoint. */
export type IngestMessage =
  | {
      kind: 'drop';
      key: string;
      etag?: string;
      size?: number;
      /** Handed back because the drop's job was running elsewhere: if it is applied by now, leave it. */
      redelivered?: boolean;
    }
  | { kind: 'continue'; jobId: string }
  /** One byte range of a big drop's job, cut by plan `plan` (docs/ingest.md, "One big drop over many workers"). */
  | { kind: 'range'; jobId: string; plan: string; range: number };

/**
 * Hands work to the asynchronous workers: SQS queues in AWS, a bounded in-process queue in the
 * local stack. Both deliver at least once; workers make the effect exactly-once.
 */
export interface JobDispatcher {
  /**
   * `delayed`: deliver it only after the dispatcher's retry delay (SQS: `INGEST_RETRY_DELAY_S`
   * seconds; locally its redelivery delay). For work that must wait its turn (a list busy with
   * another job): unlike a failed delivery it does not count towards the dead-letter bound.
   */
  enqueueIngest(message: IngestMessage, options?: { delayed?: boolean }): Promise<void>;
  enqueueExport(jobId: string): Promise<void>;
}
