import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Sent = { constructor: new (input: unknown) => unknown; input: unknown };

/**
 * Records, while on, every command a document client is sent and the most it had in flight at
 * once; `replay` then sends the very same commands (same inputs, fresh command objects) through the
 * same client at that concurrency, with no ingest logic around them: the SDK floor of a run.
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

  constructor(private readonly ddb: DynamoDBDocumentClient) {
    const send = ddb.send.bind(ddb) as (command: unknown, ...rest: unknown[]) => Promise<unknown>;
    const done = (): void => {
      this.inFlight -= 1;
    };
    (ddb as { send: unknown }).send = (command: unknown, ...rest: unknown[]) => {
      if (!this.recording) return send(command, ...rest);
      this.commands.push(command as Sent);
      this.inFlight += 1;
      if (this.inFlight > this.peak) this.peak = this.inFlight;
      const sent = send(command, ...rest);
      sent.then(done, done);
      return sent;
    };
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
        const { constructor: Command, input } = commands[next++] as Sent;
        await this.ddb.send(new Command(input) as never).catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.peak) }, worker));
  }
}
