import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createRuntime, type Runtime } from '../../functions/runtime.ts';
import { loadConfig } from '../../shared/config/index.ts';
import type { IngestMessage, JobDispatcher } from '../../shared/jobs/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** A free TCP port on 127.0.0.1: bound on port 0, read, released. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface ChildStackOptions {
  /** `AB_HOME`: persisted S3 objects, DynamoDB data and the signing key (survives a restart). */
  home: string;
  /** Extra `AB_*` variables (`AB_CHECKPOINT_LINES`…). */
  env?: Record<string, string>;
  /** Ports to reuse (a restart); free ones are picked otherwise. */
  ports?: { api: number; s3: number; dynamodb: number };
  /** Longest wait for the ready line, ms (60 s). */
  readyTimeoutMs?: number;
}

/** `npm start` running as a child process, with what its ready line said. */
export interface ChildStack {
  child: ChildProcess;
  apiUrl: string;
  s3Endpoint: string;
  dynamodbEndpoint: string;
  bucket: string;
  ports: { api: number; s3: number; dynamodb: number };
  /** Everything the child wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** SIGKILL: no shutdown code runs, exactly like a Lambda killed at its time limit. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit (clean shutdown). */
  stop(): Promise<void>;
}

/** Queue stand-in for a test-process runtime: it must never enqueue (the child owns the queues). */
const refusingDispatcher: JobDispatcher = {
  enqueueIngest: async (message: IngestMessage) => {
    throw new Error(`test runtime cannot enqueue (${message.kind})`);
  },
  enqueueExport: async () => {
    throw new Error('test runtime cannot enqueue an export');
  },
};

/**
 * Spawns the real local stack (`node bin/audience-bridge.js dev`) on the given home and ports
 * (free ones by default) and waits for its ready line. Persisted, not in memory: the point is
 * that a restart on the same home sees what the killed process left.
 *
 * @example
 * const stack = await spawnStack({ home, env: { AB_CHECKPOINT_LINES: '5000' } });
 * await stack.kill();
 * const again = await spawnStack({ home, ports: stack.ports });
 */
export async function spawnStack(options: ChildStackOptions): Promise<ChildStack> {
  const ports = options.ports ?? {
    api: await freePort(),
    s3: await freePort(),
    dynamodb: await freePort(),
  };
  const child = spawn(process.execPath, ['bin/audience-bridge.js', 'dev'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LOG_LEVEL: 'ERROR',
      ...options.env,
      AB_HOME: options.home,
      AB_PORT: String(ports.api),
      AB_S3_PORT: String(ports.s3),
      AB_DYNAMODB_PORT: String(ports.dynamodb),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString('utf8')).slice(-20_000);
  });
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
  const line = await new Promise<string>((done, fail) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`local stack not ready after ${options.readyTimeoutMs ?? 60_000} ms: ${err}`));
    }, options.readyTimeoutMs ?? 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const ready = out.split('\n').find((l) => l.startsWith('audience-bridge ready'));
      if (ready) {
        clearTimeout(timer);
        done(ready);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`local stack exited (${code ?? signal}) before ready: ${err}`));
    });
  });
  const field = (name: string) => new RegExp(`${name}=(\\S+)`).exec(line)?.[1] ?? '';
  return {
    child,
    apiUrl: field('api'),
    s3Endpoint: field('s3'),
    dynamodbEndpoint: field('dynamodb'),
    bucket: field('bucket'),
    ports,
    stderr: () => err,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A runtime in the test process pointed at a child stack's endpoints: the real stores (recipients,
 * identities, jobs, lists) for seeding and for reading what the API does not show (checkpoints).
 * It cannot enqueue: the child owns the queues.
 */
export function runtimeFor(
  stack: Pick<ChildStack, 's3Endpoint' | 'dynamodbEndpoint' | 'bucket'>,
  home: string,
): Runtime {
  return createRuntime({
    config: loadConfig({
      AB_HOME: home,
      AB_S3_ENDPOINT: stack.s3Endpoint,
      AB_DYNAMODB_ENDPOINT: stack.dynamodbEndpoint,
      AB_BUCKET: stack.bucket,
      LOG_LEVEL: 'ERROR',
    }),
    dispatcher: refusingDispatcher,
  });
}
