/**
 * One audit record: who did what to which thing, when, and how it ended. It never holds personal
 * data: `action` is a route template or a job event, `target` a non-personal reference (a list ID,
 * a shared-audience or data-source name, a job ID, or a truncated SHA-256 of a recipient ID).
 */
export interface AuditEntry {
  /** Unique per record; a second `record` with the same `id` and `at` replaces the first. */
  id: string;
  /** ISO-8601 time of the call or job event; its date picks the day partition. */
  at: string;
  /** Token subject for API calls and API-started jobs; `s3` for drops; `schedule` for scheduled exports. */
  actor: string;
  /** `PUT /v1/recipients/{recipientId}` (the route template, never the raw path) or `job.start` / `job.end` / `job.queue`. */
  action: string;
  /** Non-personal reference of the thing acted on, when there is one. */
  target?: string;
  /** Names of the fields a write changed (`email`, `attributes.tier`), never their values. */
  fields?: string[];
  /** HTTP status code of an API call (`pending` while it runs), or the job status of a job event. */
  outcome: number | string;
}

/** What `AuditStore.record` takes: an entry whose `id` is generated when absent. */
export type AuditRecordInput = Omit<AuditEntry, 'id'> & { id?: string };
