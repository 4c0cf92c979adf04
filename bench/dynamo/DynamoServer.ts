import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerMessage } from './dynamoHttpServer.ts';
import type { RequestCounts } from './RequestCounter.ts';

const ENTRY = fileURLToPath(new URL('./dynamoHttpServer.ts', import.meta.url));

/** What the server process reports: its counters and its own CPU time so far. */
export interface ServerCounts {
  counts: RequestCounts;
  /** `process.cpuUsage()` of the server process (µs). */
  cpu: NodeJS.CpuUsage;
  /** Replayed requests it had no recorded answer for (0 when the floor replays exactly). */
  replayMisses: number;
  items: number;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * The parent's handle on `dynamoHttpServer.ts`: forks it (one process, so its CPU is measured apart
 * from the client's), waits for its URL, and sends it control messages.
 *
 * @example
 * const server = await DynamoServer.start();
 * const config = loadConfig({ AB_DYNAMODB_ENDPOINT: server.url, ... });
 * await server.call({ op: 'reset' });
 */
export class DynamoServer {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (message: { id?: number; ok?: boolean; value?: unknown; error?: string }) => {
      if (message.id === undefined) return;
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.value);
      else waiter?.reject(new Error(`dynamo server: ${message.error}`));
    });
  }

  static start(): Promise<DynamoServer> {
    const child = fork(ENTRY, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`dynamo server exited ${code} before it was ready`)));
      child.once('message', (message: { ready?: string }) => {
        if (message.ready) resolve(new DynamoServer(child, message.ready));
      });
    });
  }

  call(message: WithoutId<ServerMessage>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...message, id });
    });
  }

  async counts(): Promise<ServerCounts> {
    return (await this.call({ op: 'counts' })) as ServerCounts;
  }

  stop(): void {
    this.child.removeAllListeners('exit');
    this.child.disconnect();
  }
}
