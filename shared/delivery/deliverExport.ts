import { randomUUID } from 'node:crypto';
import { AppError, DependencyError, NotFoundError } from '../errors/index.ts';
import { type DeliveredFile, emptyReceipt, isFinished, type Job, type Receipt } from '../jobs/index.ts';
import { logger } from '../logging/index.ts';
import { backoff } from '../stores/index.ts';
import { type DeliveryCheckpoint, parseDeliveryCheckpoint } from './DeliveryCheckpoint.ts';
import type { DeliveryPorts } from './DeliveryPorts.ts';
import type { OpenedDestination } from './Destination.ts';
import { deliveryLeaseResource } from './deliveryJobId.ts';
import type { PartnerStorage } from './PartnerStorage.ts';
import type { PublishedFile } from './PublishedExport.ts';

/** What one call did with a delivery job. */
export type DeliveryOutcome = 'succeeded' | 'failed' | 'busy' | 'ignored';

/** Attempts (worker invocations) after which a delivery that keeps failing fails for good. */
export const MAX_DELIVERY_ATTEMPTS = 5;
/**
 * How long a delivery holds its job without renewing. Short, and renewed by a heartbeat while it
 * runs, so that after a crash the next attempt takes over within this time.
 */
export const DELIVERY_LEASE_MS = 30_000;
const HEARTBEAT_MS = DELIVERY_LEASE_MS / 3;

interface Claimed {
  job: Job;
  checkpoint: DeliveryCheckpoint;
  holder: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Step 1: takes the job's lease (waiting out the lease of a crashed attempt) and marks the job
 * running with one more attempt. `ignored` for a finished or unknown job; `busy` when another live
 * attempt keeps renewing its lease (it will finish the job).
 */
async function claim(ports: DeliveryPorts, jobId: string): Promise<Claimed | DeliveryOutcome> {
  const holder = `${jobId}#${randomUUID()}`;
  const resource = deliveryLeaseResource(jobId);
  const deadline = ports.now().getTime() + 2 * DELIVERY_LEASE_MS;
  for (;;) {
    const job = await ports.jobs.get(jobId);
    if (job?.type !== 'deliver' || isFinished(job.status)) return 'ignored';
    if (await ports.leases.acquire(resource, holder, DELIVERY_LEASE_MS)) {
      const attempts = job.attempts + 1;
      const running = await ports.jobs.transition(jobId, ['queued', 'running'], {
        status: 'running',
        attempts,
      });
      if (!running) {
        await ports.leases.release(resource, holder);
        return 'ignored';
      }
      return { job: running, checkpoint: parseDeliveryCheckpoint(running), holder };
    }
    if (ports.now().getTime() > deadline) return 'busy';
    await sleep(HEARTBEAT_MS / 2);
  }
}

/** Renews the lease while the delivery runs; `lost()` turns true when it could not. */
function heartbeat(ports: DeliveryPorts, jobId: string, holder: string) {
  let lost = false;
  const timer = setInterval(() => {
    ports.leases
      .renew(deliveryLeaseResource(jobId), holder, DELIVERY_LEASE_MS)
      .then((held) => {
        lost ||= !held;
      })
      .catch(() => {
        lost = true;
      });
  }, HEARTBEAT_MS);
  timer.unref();
  return { lost: () => lost, stop: () => clearInterval(timer) };
}

/** Step 2: the destination (with its secret) and the export's files, data files first, `.info` last. */
async function plan(ports: DeliveryPorts, job: Job, checkpoint: DeliveryCheckpoint) {
  const name = job.source?.destination ?? '';
  const destination = await ports.destinations.open(name);
  if (!destination) throw new NotFoundError(`destination: no destination ${name}`, { field: 'destination' });
  const files = await ports.published.files(checkpoint.outputKeys);
  return { destination, files };
}

/**
 * Uploads one file with bounded retries and backoff; `tried` is called before each upload. A
 * retry first asks whether the failed upload landed after all (an answer lost on the way back),
 * so that it is not sent twice.
 */
async function upload(ports: DeliveryPorts, storage: PartnerStorage, file: PublishedFile, tried: () => void) {
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1 && (await storage.holds(file))) return;
    tried();
    try {
      await storage.put(file, () => ports.published.open(file.key));
      return;
    } catch (error) {
      const permanent = error instanceof AppError && error.expose;
      if (permanent || attempt >= ports.retry.maxAttempts) throw error;
      logger.warn('delivery upload failed; retrying', { file: file.name, attempt, error });
      await backoff(ports.retry, attempt);
    }
  }
}

/**
 * Step 3: sends the files in order. Each is recorded in the checkpoint as in flight before its
 * upload and as delivered once verified at the partner; a file an earlier attempt was sending is
 * first looked for at the partner, so a crash between its arrival and the checkpoint neither
 * sends it twice nor loses it.
 */
async function transfer(
  ports: DeliveryPorts,
  claimed: Claimed,
  files: readonly PublishedFile[],
  storage: PartnerStorage,
  lost: () => boolean,
): Promise<DeliveredFile[]> {
  const { job } = claimed;
  let checkpoint = claimed.checkpoint;
  const save = async (next: DeliveryCheckpoint) => {
    if (lost()) throw new DependencyError('the delivery lease was lost; the job will be retried');
    const saved = await ports.jobs.transition(job.jobId, ['running'], {
      status: 'running',
      checkpoint: next,
    });
    if (!saved) throw new DependencyError('the delivery job changed meanwhile; the job will be retried');
    checkpoint = next;
  };
  for (const file of files) {
    if (checkpoint.delivered.some((d) => d.name === file.name)) continue;
    const earlier = checkpoint.inFlight?.name === file.name ? checkpoint.inFlight.attempts : 0;
    let tried = 0;
    if (!(earlier > 0 && (await storage.holds(file)))) {
      await save({ ...checkpoint, inFlight: { name: file.name, attempts: earlier + 1 } });
      try {
        await upload(ports, storage, file, () => {
          tried++;
        });
      } catch (error) {
        // Counted for the receipt of the attempt that succeeds; best effort, the error is what matters.
        await save({ ...checkpoint, inFlight: { name: file.name, attempts: earlier + tried } }).catch(
          () => {},
        );
        throw error;
      }
    }
    const attempts = earlier + tried;
    const delivered: DeliveredFile = {
      name: file.name,
      location: storage.locationOf(file.name),
      bytes: file.bytes,
      md5: file.md5,
      attempts,
    };
    const { inFlight: _done, ...rest } = checkpoint;
    await save({ ...rest, delivered: [...rest.delivered, delivered] });
  }
  return checkpoint.delivered;
}

/** Step 4: the receipt, in the bucket and on the job, which ends `succeeded`. */
async function report(
  ports: DeliveryPorts,
  job: Job,
  destination: OpenedDestination,
  checkpoint: { round: number },
  delivered: DeliveredFile[],
): Promise<Receipt> {
  const receipt: Receipt = {
    ...emptyReceipt(),
    files: delivered.map((f) => f.name),
    delivery: {
      destination: destination.name,
      kind: destination.kind,
      round: checkpoint.round,
      delivered,
      bytes: delivered.reduce((sum, f) => sum + f.bytes, 0),
      attempts: delivered.reduce((sum, f) => sum + f.attempts, 0),
    },
  };
  await ports.writeReceipt(job.jobId, receipt);
  await ports.jobs.transition(job.jobId, ['running'], {
    status: 'succeeded',
    receipt,
    outputKeys: delivered.map((f) => f.location),
    updatedAt: ports.now().toISOString(),
  });
  return receipt;
}

async function fail(ports: DeliveryPorts, jobId: string, code: string, message: string): Promise<void> {
  await ports.jobs.transition(jobId, ['running'], {
    status: 'failed',
    error: { code, message },
    updatedAt: ports.now().toISOString(),
  });
}

/**
 * Delivers a published export to its destination (docs/delivery.md): claim the job, plan (open
 * the destination, list the files), transfer them in the partner's order with verification and
 * bounded retries, report. Exactly once per export and round under retries and crashes: one
 * attempt at a time (a lease), and a checkpoint per file. A refusal no retry can fix (a host key,
 * a login, a missing export) fails the job at once; other errors are thrown so the queue
 * redelivers, up to {@link MAX_DELIVERY_ATTEMPTS} attempts.
 *
 * @example
 * const outcome = await deliverExport(ports, 'deliver:export:partner-a:1795683600000');
 */
export async function deliverExport(ports: DeliveryPorts, jobId: string): Promise<DeliveryOutcome> {
  const claimed = await claim(ports, jobId);
  if (typeof claimed === 'string') return claimed;
  const { job, holder } = claimed;
  const beat = heartbeat(ports, jobId, holder);
  let storage: PartnerStorage | undefined;
  try {
    if (job.attempts > MAX_DELIVERY_ATTEMPTS) {
      const last = job.error ? `; last failure: ${job.error.message}` : '';
      await fail(ports, jobId, 'dependency_failed', `gave up after ${MAX_DELIVERY_ATTEMPTS} attempts${last}`);
      return 'failed';
    }
    const { destination, files } = await plan(ports, job, claimed.checkpoint);
    storage = ports.storageFor(destination);
    const delivered = await transfer(ports, claimed, files, storage, beat.lost);
    await report(ports, job, destination, claimed.checkpoint, delivered);
    return 'succeeded';
  } catch (error) {
    if (error instanceof AppError && error.expose) {
      logger.error('delivery failed for good', { jobId, error });
      await fail(ports, jobId, error.code, error.message);
      return 'failed';
    }
    logger.error('delivery attempt failed; it will be retried', { jobId, error });
    const message = error instanceof Error ? error.message : String(error);
    await ports.jobs
      .transition(jobId, ['running'], { status: 'running', error: { code: 'dependency_failed', message } })
      .catch(() => undefined);
    throw error;
  } finally {
    beat.stop();
    await storage?.close().catch(() => undefined);
    await ports.leases.release(deliveryLeaseResource(jobId), holder).catch(() => undefined);
  }
}
