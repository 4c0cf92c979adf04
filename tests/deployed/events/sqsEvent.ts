import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';

export interface QueuedMessage {
  body: string;
  /** How many times SQS has handed this message out, this time included (> 1: a redelivery). */
  receiveCount?: number;
}

/**
 * The event Lambda's SQS event source mapping invokes a function with, one record per message.
 * Shape from the Lambda developer guide, "Using Lambda with Amazon SQS".
 */
export function sqsEvent(queueArn: string, messages: readonly QueuedMessage[]): SQSEvent {
  return {
    Records: messages.map((message) => ({
      messageId: randomUUID(),
      receiptHandle: `AQEB${randomUUID().replace(/-/g, '')}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount ?? 1),
        SentTimestamp: '1772600767089',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1772600767100',
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}
