/** The job of the delivery of an export: one per export, whatever the number of re-deliveries. */
export const deliveryJobId = (exportJobId: string): string => `deliver:${exportJobId}`;

/** The lease resource a running delivery holds: `pk=LEASE#deliver#<export job ID>`. */
export const deliveryLeaseResource = (jobId: string): string => `deliver#${jobId.slice('deliver:'.length)}`;
