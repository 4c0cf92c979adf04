import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchClientOf } from '../../shared/stores/index.ts';

type Send = (command: unknown, ...rest: unknown[]) => Promise<unknown>;
type Command = { constructor: new (input: unknown) => unknown; input: unknown };
/** What was sent, through which send, and how to send it again. */
type Sent = { command: unknown; send: Send; again: (command: unknown) => unknown };

/** An SDK command is sent again as a fresh one (the SDK keeps state on it); a batch request is plain data. */
const freshCommand = (command: unknown): unknown => {
  const { constructor: Kind, input } = command as Command;
  return new Kind(input);
};
const sameRequest = (request: unknown): unknown => request;

/**
 * Records, while on, every command a document client is sent and every request of its batch
 * calls' own client (`batchClientOf`, `@aws-lite/client`), and the most in flight at once; `replay`
 * then sends the very same requests (same inputs; SDK commands as fresh command objects) through
 * the same clients at that concurrency, with no ingest logic around them: the SDK floor of a run.
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
    const clients = [
      { client: ddb as unknown as { send: Send }, again: freshCommand },
      { client: batchClientOf(ddb) as unknown as { send: Send }, again: sameRequest },
    ];
    for (const { client, again } of clients) {
      const send = client.send.bind(client);
      client.send = (command: unknown, ...rest: unknown[]) => {
        if (!this.recording) return send(command, ...rest);
        this.commands.push({ command, send, again });
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
        const { command, send, again } = commands[next++] as Sent;
        await send(again(command)).catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.peak) }, worker));
  }
}
