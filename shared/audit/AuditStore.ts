import type { AuditEntry, AuditRecordInput } from './AuditEntry.ts';

/** One page of a day's audit records, newest first. */
export interface AuditPage {
  entries: AuditEntry[];
  cursor?: string;
}

/**
 * Storage of audit records, readable per day. Writers are the API handler (every non-GET call)
 * and the job store (job queue, start and end).
 */
export interface AuditStore {
  /** Writes one record and returns it (with its generated `id`). Throws if the store fails. */
  record(input: AuditRecordInput): Promise<AuditEntry>;
  /** One page of the records of a UTC day (`YYYY-MM-DD`), newest first. */
  list(options: { date: string; limit: number; cursor?: string }): Promise<AuditPage>;
}
