import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchClientOf } from '../../shared/stores/index.ts';

type Send = (command: unknown, ...rest: unknown[]) => Promise<unknown>;
type Sent = { command: { constructor: new (input: unknown) => unknown; input: unknown }; send: Send };

/**
 * Records, while on, every command a document client is sent (its batch calls' own client too,
 * `batchClientOf`) and the most it had in flight at once; `replay` then sends the very same
 * commands (same inputs, fresh command objects) through the same clients at that concurrency, with
 * no ingest logic around them: the SDK floor of a run.
 * Recording keeps references only (no copy), so it adds almost nothing to the measured run.
 *
 * @example
 * const log = new CommandLog(ddb);
 * log.start(); await ingest(); log.stop();
 * const floor = await log.replay();
 */
export class CommandLog {
  private commands: Sent[] = [];
  private recording = false;
  private inFlight = 0;
  peak = 0;

  constructor(ddb: DynamoDBDocumentClient) {
    const done = (): void => {
      this.inFlight -= 1;
    };
    const batch = batchClientOf(ddb) as unknown as { send: Send };
    for (const client of batch === (ddb as unknown) ? [ddb] : [ddb, batch]) {
      const send = (client.send as Send).bind(client);
      (client as { send: unknown }).send = (command: unknown, ...rest: unknown[]) => {
        if (!this.recording) return send(command, ...rest);
        this.commands.push({ command: command as Sent['command'], send });
        this.inFlight += 1;
        if (this.inFlight > this.peak) this.peak = this.inFlight;
        const sent = send(command, ...rest);
        sent.then(done, done);
        return sent;
      };
    }
  }

  get size(): number {
    return this.commands.length;
  }

  start(): void {
    this.commands = [];
    this.peak = 0;
    this.recording = true;
  }

  stop(): void {
    this.recording = false;
  }

  /** Sends the recorded commands again, `peak` at a time; refusals (failed conditions) are expected. */
  async replay(): Promise<void> {
    const commands = this.commands;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < commands.length) {
        const { command, send } = commands[next++] as Sent;
        await send(new command.constructor(command.input)).catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.peak) }, worker));
  }
}
