import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { applyS3rverOpenSsl3Fix } from './s3rverOpenSsl3Fix.ts';

/** The S3 notification record s3rver emits (key not URL-encoded, unlike AWS). */
export interface S3rverEvent {
  Records: Array<{
    eventName: string;
    eventTime: string;
    s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
  }>;
}

export interface RunningS3 {
  endpoint: string;
  port: number;
  onEvent(listener: (event: S3rverEvent) => void): void;
  stop(): Promise<void>;
}

export interface RunningDynamo {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts s3rver on 127.0.0.1. With `directory` objects persist there; without, in a temporary
 * folder removed on stop. Port 0 picks a free port.
 */
export async function startS3(options: { port: number; directory?: string }): Promise<RunningS3> {
  applyS3rverOpenSsl3Fix();
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'ab-s3-'));
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    silent: true,
    directory,
    allowMismatchedSignatures: true,
    resetOnClose: false,
  });
  const { port } = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    onEvent: (listener) => server.on('event', listener),
    stop: async () => {
      await server.close();
      if (!options.directory) rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Starts dynalite on 127.0.0.1: persisted under `path` (LevelDB) or in memory. Port 0 picks a
 * free port. Tables are created instantly.
 */
export async function startDynamo(options: { port: number; path?: string }): Promise<RunningDynamo> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  const server = dynalite({
    path: options.path,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
