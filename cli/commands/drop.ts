import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { createClients } from '../../shared/aws/index.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { ValidationError } from '../../shared/errors/index.ts';
import { type CliIo, stdio } from '../io.ts';

export interface DropOptions {
  /** Object key; `inbound/<file name>` by default. */
  key?: string;
  /** Bucket; `AB_BUCKET` (default `audience-bridge`). */
  bucket?: string;
  /** S3 endpoint; the local stack's `http://127.0.0.1:${AB_S3_PORT:-4569}` unless `aws`. */
  s3Endpoint?: string;
  /** Upload to AWS with the default credential chain instead of the local stack. */
  aws?: boolean;
}

/** Files from this size on go up in 8 MB parts, with a progress bar on a terminal. */
const PART_SIZE = 8 * 1024 * 1024;

function s3For(options: DropOptions, env: NodeJS.ProcessEnv): S3Client {
  if (!options.aws) {
    const endpoint = options.s3Endpoint ?? `http://127.0.0.1:${env.AB_S3_PORT || '4569'}`;
    // The local stack's emulator: createClients applies its credentials and path-style addressing.
    return createClients(loadConfig({ ...env, AB_S3_ENDPOINT: endpoint })).s3;
  }
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  return options.s3Endpoint
    ? new S3Client({ region, endpoint: options.s3Endpoint, forcePathStyle: true })
    : new S3Client({ region });
}

/**
 * `audience-bridge drop FILE`: uploads a drop file to the bucket (streamed, multipart from 8 MB,
 * a progress bar on a terminal) and names the ingest job it starts. Only keys under `inbound/`
 * start a job; others are uploaded with a note.
 *
 * @example
 * await runDrop('segments_20240101.sync', { key: 'inbound/aam/segments_20240101.sync' }, stdio());
 */
export async function runDrop(file: string, options: DropOptions, io: CliIo): Promise<void> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    throw new ValidationError(`FILE: no readable file at ${file}`, { field: 'FILE' });
  }
  const key = options.key ?? `inbound/${basename(file)}`;
  if (key === '' || key.startsWith('/') || key.length > 1024) {
    throw new ValidationError('--key: expected a relative object key of at most 1024 characters', {
      field: 'key',
    });
  }
  const bucket = options.bucket ?? (io.env.AB_BUCKET || 'audience-bridge');
  const s3 = s3For(options, io.env);
  const upload = new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: createReadStream(file) },
    partSize: PART_SIZE,
    queueSize: 4,
  });
  const bar =
    io.interactive && size >= PART_SIZE
      ? new SingleBar({ clearOnComplete: true }, Presets.shades_classic)
      : undefined;
  bar?.start(size, 0);
  upload.on('httpUploadProgress', (progress) => bar?.update(progress.loaded ?? 0));
  let etag: string | undefined;
  try {
    const done = await upload.done();
    etag = done.ETag;
  } finally {
    bar?.stop();
    s3.destroy();
  }
  io.out(`uploaded ${file} to s3://${bucket}/${key} (${size} bytes${etag ? `, ETag ${etag}` : ''})`);
  if (key.startsWith('inbound/')) io.out(`job: ingest:${key}`);
  else io.err('note: only keys under inbound/ start an ingest job');
}

/** `audience-bridge drop FILE [--key K] [--bucket B] [--s3-endpoint URL] [--aws]`. */
export const dropCommand = new Command('drop')
  .description('upload a drop file to the bucket (local stack by default); it starts an ingest job')
  .argument('<file>', 'the file to drop')
  .option('--key <key>', 'object key (default: inbound/<file name>)')
  .option('--bucket <bucket>', 'bucket (default: AB_BUCKET or audience-bridge)')
  .option('--s3-endpoint <url>', 'S3 endpoint (default: the local stack on AB_S3_PORT)')
  .option('--aws', 'upload to AWS with the default credentials')
  .action(async (file: string, options: DropOptions) => {
    await runDrop(file, options, stdio());
  });
