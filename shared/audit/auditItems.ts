/** The partition of a UTC day's audit records (`YYYY-MM-DD`). */
export const auditPartition = (date: string) => `AUDIT#${date}`;

/** When a record written at `at` expires: epoch seconds, as DynamoDB TTL reads them. */
export const auditExpiry = (at: string, retentionDays: number) =>
  Math.floor(Date.parse(at) / 1000) + retentionDays * 86_400;
