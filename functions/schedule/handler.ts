import type { ScheduledEvent } from 'aws-lambda';

/** Scheduled trigger (EventBridge): scheduled exports and the sweep of lost drops. Placeholder. */
export const handler = async (_event: ScheduledEvent): Promise<void> => {};
