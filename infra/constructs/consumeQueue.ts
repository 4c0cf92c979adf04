import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { AbFunction } from './AbFunction.ts';
import { bindKey } from './bindKey.ts';

/**
 * Makes a function the worker of a queue: one message per invocation, failed ones reported per
 * item. Instead of `SqsEventSource`, whose grant on the queue's key holds for any use, the key is
 * granted only through SQS (`bindKey(…, 'sqs')`).
 *
 * @example
 * consumeQueue(ingestFn, ingestQueue);
 */
export function consumeQueue(fn: AbFunction, queue: sqs.IQueue): void {
  new lambda.EventSourceMapping(fn, `Consumes${queue.node.id}`, {
    target: fn,
    eventSourceArn: queue.queueArn,
    batchSize: 1,
    reportBatchItemFailures: true,
  });
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: [
        'sqs:ReceiveMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueUrl',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
      ],
      resources: [queue.queueArn],
    }),
  );
  if (queue.encryptionMasterKey) bindKey(fn, queue.encryptionMasterKey, 'decrypt', 'sqs');
}
