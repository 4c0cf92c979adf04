import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Config } from '../config/index.ts';
import type { IngestMessage, JobDispatcher } from './JobDispatcher.ts';

/**
 * The AWS dispatcher: one SQS queue per worker. Ingest messages share the queue that S3
 * notifications arrive on, so a continuation is retried and dead-lettered like a drop.
 */
export class SqsJobDispatcher implements JobDispatcher {
  private readonly sqs: SQSClient;

  constructor(private readonly config: Config) {
    this.sqs = new SQSClient({ region: config.region });
  }

  async enqueueIngest(message: IngestMessage): Promise<void> {
    await this.send(this.config.ingestQueueUrl, message);
  }

  async enqueueExport(jobId: string): Promise<void> {
    await this.send(this.config.exportQueueUrl, { jobId });
  }

  private async send(queueUrl: string | undefined, body: unknown): Promise<void> {
    if (!queueUrl) throw new Error('queue URL not configured (AB_INGEST_QUEUE_URL / AB_EXPORT_QUEUE_URL)');
    await this.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }));
  }
}
