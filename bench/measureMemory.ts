import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What one worker process printed. */
export interface WorkerResult {
  rows: number;
  ms: number;
  cpuMs: number;
  rowsPerSec: number;
  maxRssMb: number;
  membershipsAdded: number;
  unmatchedIds: number;
}

const WORKER = fileURLToPath(new URL('./ingestWorker.ts', import.meta.url));

/**
 * V8 heap cap of the worker processes. Without a cap V8 lets garbage pile up before a full
 * collection, so peak RSS measures its laziness, not what the pipeline keeps; with it, both sizes
 * are measured under the same pressure, and a run whose live memory grew with the file would fail
 * instead of reporting a number.
 */
export const WORKER_HEAP_MB = 192;

/**
 * Runs the ingest core on one drop in a fresh process (`bench/ingestWorker.ts`) and returns its
 * peak RSS and throughput: separate processes so the large run's peak is not the small run's
 * leftovers, and the parent's own memory is not counted.
 */
export function measureInWorker(
  dataDir: string,
  kind: string,
  rows: number,
  seed: number,
  mode: 'iter' | 'full' = 'iter',
): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${WORKER_HEAP_MB}`,
        '--import',
        'tsx',
        WORKER,
        dataDir,
        kind,
        String(rows),
        String(seed),
        mode,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_NO_WARNINGS: '1' },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(
          new Error(
            `memory worker (${rows} rows) exited ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(line) as WorkerResult);
    });
  });
}
