import type { ScheduledEvent } from 'aws-lambda';

/**
 * What an EventBridge schedule rule sends its target. Shape from the EventBridge user guide,
 * "Creating a rule that runs on a schedule" (detail type `Scheduled Event`, empty detail).
 */
export function scheduledEvent(ruleArn: string): ScheduledEvent {
  return {
    version: '0',
    id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: '2026-03-04T05:00:00Z',
    region: 'us-east-1',
    resources: [ruleArn],
    detail: {},
  };
}
