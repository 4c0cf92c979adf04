import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { AbFunction } from './AbFunction.ts';
import { bindKey } from './bindKey.ts';

/**
 * Lets a function enqueue to a worker queue: the URL in `envName` (read by `loadConfig`) and
 * `sqs:SendMessage` on that queue only; a KMS-encrypted queue also needs the key's encrypt side.
 * (Consuming is granted by the event source mapping, not here.)
 *
 * @example
 * bindQueue(apiFn, exportQueue, 'AB_EXPORT_QUEUE_URL');
 */
export function bindQueue(
  fn: AbFunction,
  queue: sqs.IQueue,
  envName: 'AB_INGEST_QUEUE_URL' | 'AB_EXPORT_QUEUE_URL',
): void {
  fn.addEnvironment(envName, queue.queueUrl);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
  if (queue.encryptionMasterKey) bindKey(fn, queue.encryptionMasterKey, 'encryptDecrypt', 'sqs');
}
