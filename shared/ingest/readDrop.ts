import type { Readable } from 'node:stream';
import { type DropInfo, detectDrop } from '../formats/index.ts';
import { emptyReceipt, type Job } from '../jobs/index.ts';
import { DEFAULT_HEAD_BYTES, isGzip, peekHead, plainBytes } from '../lines/index.ts';
import type { ByteRange } from './DropSource.ts';
import { digestStream, type StreamDigest } from './digestStream.ts';
import { failIngestJob } from './failIngestJob.ts';
import { forgedTimestamp } from './forgedTimestamp.ts';
import type { IngestPorts } from './IngestPorts.ts';
import { sliceBytes } from './sliceBytes.ts';

/**
 * A range of a big drop: bytes of the object (a ranged GET), or, for a gzip drop (`gzip`), of
 * its decompressed bytes: then the object is read from its start (gzip cannot be entered mid-way).
 */
export interface ReadRange extends ByteRange {
  gzip?: boolean;
}

/** A drop opened for reading: its stream (hashed as it is read) and what its name and head say. */
export interface OpenedDrop {
  key: string;
  etag: string;
  /** The object's body: destroyed when the run stops before the end. */
  body: Readable;
  /**
   * The body's bytes from the first one (the peeked head included); for a gzip drop's range, the
   * range's decompressed bytes (a range's bytes are plain either way).
   */
  source: AsyncIterable<Buffer>;
  digest: StreamDigest;
  detected: DropInfo;
  /** Bytes of the whole object, when the store said. */
  size?: number | undefined;
  /** Compressed: its ranges are of its decompressed bytes, each read from the object's start. */
  gzip: boolean;
}

/**
 * Opens the job's object and detects its format from its name and first bytes. Fails the job
 * (and returns `failed`) when the object is gone, its format is unknown or its name claims a time
 * after its upload.
 */
export async function readDrop(
  ports: IngestPorts,
  job: Job,
  range?: ReadRange,
): Promise<OpenedDrop | 'failed'> {
  const key = job.source?.key ?? job.jobId.slice('ingest:'.length);
  const object = await ports.drops.read(key, range?.gzip ? undefined : range);
  if (!object) {
    await failIngestJob(ports, job, { code: 'not_found', message: 'file: the object is gone' });
    return 'failed';
  }
  const { body } = object;
  const { stream, digest } = digestStream(body);
  const { head, source } = await peekHead(stream);
  // A ranged GET past the start: the format is told by the file's own first bytes.
  const fileHead = range && range.start > 0 && !range.gzip ? await headOf(ports, key) : head;
  const detected = detectDrop(key, fileHead);
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
  return {
    key,
    etag: job.source?.etag ?? '',
    body,
    source: range?.gzip ? decompressedRange(body, source, range) : source,
    digest,
    detected,
    size: object.size,
    gzip: isGzip(fileHead),
  };
}

/** A gzip drop's range: decompressed, skipped to its start; the body closed once past its end. */
async function* decompressedRange(
  body: Readable,
  source: AsyncIterable<Buffer>,
  range: ByteRange,
): AsyncGenerator<Buffer> {
  try {
    yield* sliceBytes(plainBytes(source), range);
  } finally {
    body.destroy();
  }
}

async function headOf(ports: IngestPorts, key: string): Promise<Buffer> {
  const object = await ports.drops.read(key, { start: 0, end: DEFAULT_HEAD_BYTES });
  if (!object) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
