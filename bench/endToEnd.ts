import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createClients } from '../shared/aws/index.ts';
import type { IdentityService } from '../shared/identities/index.ts';
import { DynamoJobStore, type Job } from '../shared/jobs/index.ts';
import { logger } from '../shared/logging/index.ts';
import { CommandLog } from './dynamo/CommandLog.ts';
import type { BenchDrop } from './generate/index.ts';
import { seedIdentities } from './seedIdentities.ts';

/** One drop through the whole local stack, and the emulator's floor for the same DynamoDB requests. */
export interface EndToEndRun {
  rows: number;
  ms: number;
  rowsPerSec: number;
  seedMs: number;
  status: Job['status'];
  /** The run's DynamoDB requests sent again straight to dynalite, through the same client, at the run's peak concurrency. */
  floor: { ms: number; requests: number; concurrency: number };
}

/**
 * Starts the local stack in-process (memory mode, free ports: s3rver, dynalite, the in-process
 * queue and the real handlers), seeds identities through `runtime.identity` (not timed), then
 * times one drop from its PutObject to its job's final status: S3 notification, queue, ingest
 * handler, dynalite reads and writes, receipt. Then replays the DynamoDB requests the stack made
 * for that drop, with no handler around them (the emulator's floor): what is dynalite and what is us.
 * The poll for the job's status goes through a client of its own, so it is not part of either.
 *
 * @example
 * const run = await runEndToEnd(drop, 8);
 */
export async function runEndToEnd(drop: BenchDrop, timeoutMs = 240_000): Promise<EndToEndRun> {
  const { startLocalStack } = await import('../local/index.ts');
  const home = mkdtempSync(join(tmpdir(), 'ab-bench-e2e-'));
  const stack = await startLocalStack({
    port: 0,
    s3Port: 0,
    dynamodbPort: 0,
    memory: true,
    home,
    redeliveryDelayMs: 200,
  });
  logger.setLogLevel('ERROR');
  try {
    const identity = (stack.runtime as { identity?: IdentityService }).identity;
    if (!identity) throw new Error('the local stack runtime has no identity service');
    const seedStarted = performance.now();
    await seedIdentities(identity, drop.spec.seed, drop.spec.rows);
    const seedMs = performance.now() - seedStarted;
    const body = await readFile(drop.path);
    const jobId = `ingest:${drop.key}`;
    const poll = new DynamoJobStore(createClients(stack.runtime.config).ddb, stack.runtime.config.table);
    const log = new CommandLog(stack.runtime.clients.ddb);
    log.start();
    const started = performance.now();
    await stack.runtime.clients.s3.send(
      new PutObjectCommand({ Bucket: stack.bucket, Key: drop.key, Body: body }),
    );
    let job: Job | undefined;
    for (;;) {
      job = await poll.get(jobId);
      if (job?.status === 'succeeded' || job?.status === 'failed') break;
      if (performance.now() - started > timeoutMs)
        throw new Error(`end to end: job not finished after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ms = performance.now() - started;
    log.stop();
    if (job.status !== 'succeeded')
      throw new Error(`end to end: job ${job.status}: ${job.error?.message ?? 'no reason'}`);
    const floorStarted = performance.now();
    await log.replay();
    const floor = { ms: performance.now() - floorStarted, requests: log.size, concurrency: log.peak };
    return {
      rows: job.receipt.linesRead,
      ms,
      rowsPerSec: job.receipt.linesRead / (ms / 1000),
      seedMs,
      status: job.status,
      floor,
    };
  } finally {
    await stack.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
