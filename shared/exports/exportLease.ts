/** How long an export holds its shared audience without renewing (a Lambda runs at most 15 min). */
export const EXPORT_LEASE_MS = 15 * 60 * 1000;

/**
 * The lease resource of a shared audience's exports (`pk=LEASE#export#<name>`): never two exports
 * of one shared audience at once. The job that will run takes it when it is created, the worker
 * resumes it, and it is released at the end.
 */
export const exportLeaseResource = (sharedAudience: string): string => `export#${sharedAudience}`;
