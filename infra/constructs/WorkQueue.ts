import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface WorkQueueProps {
  /** Customer-managed key both queues are encrypted with. */
  encryptionKey: kms.IKey;
  /** Timeout of the consuming function: visibility is six times it (AWS guidance for SQS sources). */
  consumerTimeout: Duration;
  /** Receives before a message is dead-lettered. */
  maxReceiveCount?: number;
}

/**
 * A worker queue with its dead-letter queue: both KMS-encrypted and TLS-only, the DLQ keeping
 * messages 14 days so a failed drop or export can be inspected and redriven.
 *
 * @example
 * const ingest = new WorkQueue(this, 'IngestQueue', { encryptionKey: key, consumerTimeout: Duration.minutes(15) });
 */
export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'Dlq', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      // Reuse data keys for 5 minutes: fewer KMS calls at drop bursts.
      dataKeyReuse: Duration.minutes(5),
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
  }
}
