import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createSqsClient } from '../aws/index.ts';
import type { Config } from '../config/index.ts';
import type { IngestMessage, JobDispatcher } from './JobDispatcher.ts';

/** Delay of a `delayed` ingest message (a busy list): SQS allows up to 900 s. */
export const INGEST_RETRY_DELAY_S = 30;

/**
 * The AWS dispatcher: one SQS queue per worker. Ingest messages share the queue that S3
 * notifications arrive on, so a continuation is retried and dead-lettered like a drop.
 */
export class SqsJobDispatcher implements JobDispatcher {
  private readonly sqs: SQSClient;

  constructor(private readonly config: Config) {
    this.sqs = createSqsClient(config);
  }

  async enqueueIngest(message: IngestMessage, options: { delayed?: boolean } = {}): Promise<void> {
    await this.send(this.config.ingestQueueUrl, message, options.delayed ? INGEST_RETRY_DELAY_S : undefined);
  }

  async enqueueExport(jobId: string): Promise<void> {
    await this.send(this.config.exportQueueUrl, { jobId });
  }

  private async send(queueUrl: string | undefined, body: unknown, delaySeconds?: number): Promise<void> {
    if (!queueUrl) throw new Error('queue URL not configured (AB_INGEST_QUEUE_URL / AB_EXPORT_QUEUE_URL)');
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(body),
        ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}),
      }),
    );
  }
}
