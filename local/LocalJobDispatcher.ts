import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import pLimit from 'p-limit';
import type { IngestMessage, JobDispatcher } from '../shared/jobs/index.ts';
import { logger } from '../shared/logging/index.ts';

/** The two queue workers of the AWS stack. */
export type WorkerName = 'ingest' | 'export';

/** An SQS-triggered Lambda handler (what `functions/ingest/handler.ts` and `functions/export/handler.ts` export). */
export type SqsWorker = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

/** One delivery of a message to its worker, as the dispatcher reports it. */
export interface Delivery {
  worker: WorkerName;
  messageId: string;
  body: string;
  /** 1 on the first delivery; SQS's `ApproximateReceiveCount`. */
  attempt: number;
  /** Set once the worker returned: `ok`, `retry` (will be redelivered) or `dead-letter`. */
  outcome?: 'ok' | 'retry' | 'dead-letter';
}

export interface LocalJobDispatcherOptions {
  workers: Record<WorkerName, SqsWorker>;
  /** Called once a message failed `maxRedeliveries + 1` times (marks its job failed). */
  onDeadLetter: (delivery: Delivery) => Promise<void>;
  /** A fresh Lambda context per invocation. */
  context: (worker: WorkerName) => Context;
  /** Messages processed at once, over both workers; 2 by default. */
  concurrency?: number;
  /** Redeliveries after the first failure before the message is dead-lettered; 5 by default. */
  maxRedeliveries?: number;
  /** Delay before a failed message is delivered again, ms; 1000 by default. */
  redeliveryDelayMs?: number;
  region?: string;
}

interface Message {
  worker: WorkerName;
  messageId: string;
  body: string;
  sentAt: number;
  receiveCount: number;
}

/**
 * The local stack's stand-in for the two SQS queues: an in-process bounded queue (p-limit) that
 * invokes the same worker handlers as AWS, with SQS-shaped events of one record each. A record
 * reported in `batchItemFailures` (or a throw) is redelivered after a short delay, up to
 * `maxRedeliveries` times, then dead-lettered. Like SQS it delivers at least once.
 *
 * Events: `delivery` (a `Delivery` before each invocation) and `settled` (the same, with its outcome).
 *
 * @example
 * const dispatcher = new LocalJobDispatcher({ workers: { ingest, export: exporter }, onDeadLetter, context });
 * await dispatcher.enqueueExport('export:weekly:1');
 * await dispatcher.idle();
 */
export class LocalJobDispatcher extends EventEmitter implements JobDispatcher {
  private readonly limit;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private pending = 0;
  private stopping = false;
  private readonly maxRedeliveries: number;
  private readonly redeliveryDelayMs: number;
  private readonly region: string;
  /** The latest deliveries (at most 1,000), oldest first, with their outcome once settled. */
  readonly history: Delivery[] = [];

  constructor(private readonly options: LocalJobDispatcherOptions) {
    super();
    this.limit = pLimit(options.concurrency ?? 2);
    this.maxRedeliveries = options.maxRedeliveries ?? 5;
    this.redeliveryDelayMs = options.redeliveryDelayMs ?? 1000;
    this.region = options.region ?? 'us-east-1';
  }

  async enqueueIngest(message: IngestMessage, options: { delayed?: boolean } = {}): Promise<void> {
    if (!options.delayed) {
      this.send('ingest', JSON.stringify(message));
      return;
    }
    // Like SQS DelaySeconds: a new message (receive count 1), delivered after the redelivery delay.
    if (this.stopping) return;
    this.pending++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.pending--;
      this.send('ingest', JSON.stringify(message));
    }, this.redeliveryDelayMs);
    this.timers.add(timer);
  }

  async enqueueExport(jobId: string): Promise<void> {
    this.send('export', JSON.stringify({ jobId }));
  }

  /** Sends a raw body to a worker's queue (the S3 notification JSON of a drop). */
  send(worker: WorkerName, body: string): void {
    if (this.stopping) {
      // The job stays queued in the table; the next start resumes it, as SQS would redeliver.
      logger.warn('local queue stopped; message not accepted', { worker });
      return;
    }
    this.schedule({ worker, body, messageId: randomUUID(), sentAt: Date.now(), receiveCount: 0 });
  }

  /** Resolves once no message is queued, running or waiting for redelivery. */
  async idle(): Promise<void> {
    while (this.pending > 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Stops accepting and redelivering, then waits up to `timeoutMs` for running invocations.
   * Messages still queued are dropped: their jobs stay `queued`/`running` and resume on next start.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.pending -= this.timers.size;
    this.timers.clear();
    // Queued deliveries return at once now that `stopping` is set, so waiting covers only running ones.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** True once `stop` was called. */
  get stopped(): boolean {
    return this.stopping;
  }

  private schedule(message: Message): void {
    this.pending++;
    const run = this.limit(() => this.deliver(message));
    const tracked = run.finally(() => {
      this.running.delete(tracked);
      this.pending--;
    });
    this.running.add(tracked);
  }

  private record(message: Message): SQSRecord {
    const now = Date.now();
    return {
      messageId: message.messageId,
      receiptHandle: `${message.messageId}#${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'LOCAL',
        ApproximateFirstReceiveTimestamp: String(now),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${this.region}:000000000000:audience-bridge-${message.worker}`,
      awsRegion: this.region,
    };
  }

  private async deliver(message: Message): Promise<void> {
    if (this.stopping) return;
    message.receiveCount++;
    const delivery: Delivery = {
      worker: message.worker,
      messageId: message.messageId,
      body: message.body,
      attempt: message.receiveCount,
    };
    this.history.push(delivery);
    if (this.history.length > 1000) this.history.shift();
    this.emit('delivery', delivery);
    let failed: boolean;
    try {
      const event: SQSEvent = { Records: [this.record(message)] };
      const result = await this.options.workers[message.worker](event, this.options.context(message.worker));
      failed = (result?.batchItemFailures ?? []).some((f) => f.itemIdentifier === message.messageId);
    } catch (error) {
      logger.error('worker threw; message will be retried', { worker: message.worker, error });
      failed = true;
    }
    if (!failed) {
      delivery.outcome = 'ok';
      this.emit('settled', delivery);
      return;
    }
    if (message.receiveCount <= this.maxRedeliveries) {
      delivery.outcome = 'retry';
      this.emit('settled', delivery);
      if (this.stopping) return;
      this.pending++;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.pending--;
        if (!this.stopping) this.schedule(message);
      }, this.redeliveryDelayMs);
      this.timers.add(timer);
      return;
    }
    delivery.outcome = 'dead-letter';
    const dead = delivery;
    logger.error('message dead-lettered', { worker: message.worker, attempts: message.receiveCount });
    try {
      await this.options.onDeadLetter(dead);
    } catch (error) {
      logger.error('dead-letter handling failed', { worker: message.worker, error });
    }
    this.emit('settled', dead);
  }
}
