import type { Readable } from 'node:stream';
import { type DropInfo, detectDrop } from '../formats/index.ts';
import { emptyReceipt, type Job } from '../jobs/index.ts';
import { peekHead } from '../lines/index.ts';
import { digestStream, type StreamDigest } from './digestStream.ts';
import { failIngestJob } from './failIngestJob.ts';
import { forgedTimestamp } from './forgedTimestamp.ts';
import type { IngestPorts } from './IngestPorts.ts';

/** A drop opened for reading: its stream (hashed as it is read) and what its name and head say. */
export interface OpenedDrop {
  key: string;
  etag: string;
  /** The object's body: destroyed when the run stops before the end. */
  body: Readable;
  /** The body's bytes from the first one (the peeked head included). */
  source: AsyncIterable<Buffer>;
  digest: StreamDigest;
  detected: DropInfo;
}

/**
 * Opens the job's object and detects its format from its name and first bytes. Fails the job
 * (and returns `failed`) when the object is gone, its format is unknown or its name claims a time
 * after its upload.
 */
export async function readDrop(ports: IngestPorts, job: Job): Promise<OpenedDrop | 'failed'> {
  const key = job.source?.key ?? job.jobId.slice('ingest:'.length);
  const object = await ports.drops.read(key);
  if (!object) {
    await failIngestJob(ports, job, { code: 'not_found', message: 'file: the object is gone' });
    return 'failed';
  }
  const { body } = object;
  const { stream, digest } = digestStream(body);
  const { head, source } = await peekHead(stream);
  const detected = detectDrop(key, head);
  if ('error' in detected) {
    body.destroy();
    await failIngestJob(ports, job, { code: 'format_error', message: detected.error });
    return 'failed';
  }
  const forged = forgedTimestamp(detected, object.lastModified);
  if (forged) {
    body.destroy();
    const receipt = emptyReceipt(detected.format, detected.mode);
    await failIngestJob(ports, job, { code: 'format_error', message: forged }, receipt);
    return 'failed';
  }
  return { key, etag: job.source?.etag ?? '', body, source, digest, detected };
}
