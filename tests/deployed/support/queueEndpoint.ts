import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message a function sent, as SQS would hand it to the queue's consumer. */
export interface SentMessage {
  queueUrl: string;
  body: string;
  delaySeconds: number;
}

export interface QueueEndpoint {
  /** `http://127.0.0.1:<port>`: the queues' URLs and `AWS_ENDPOINT_URL_SQS` point here. */
  origin: string;
  /** Every message sent so far, in order; `take` empties it. */
  take(queueUrl?: string): SentMessage[];
  stop(): Promise<void>;
}

/**
 * The one SQS operation the functions call, `SendMessage` (AWS JSON 1.0 protocol), answered the way
 * SQS answers it (message ID, MD5 of the body, which the SDK checks) and kept for the test to deliver
 * to the consuming function as an SQS event. No SQS emulator is among the project's packages; the
 * queues' delivery semantics are the test's events (receive counts, batches), not this endpoint's.
 */
export async function startQueueEndpoint(): Promise<QueueEndpoint> {
  let sent: SentMessage[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      if (target !== 'AmazonSQS.SendMessage') {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#UnsupportedOperation', message: target }));
        return;
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      sent.push({ queueUrl: input.QueueUrl, body: input.MessageBody, delaySeconds: input.DelaySeconds ?? 0 });
      const md5 = createHash('md5').update(input.MessageBody).digest('hex');
      res.end(JSON.stringify({ MessageId: randomUUID(), MD5OfMessageBody: md5 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    take(queueUrl) {
      const taken = sent.filter((m) => !queueUrl || m.queueUrl === queueUrl);
      sent = sent.filter((m) => !taken.includes(m));
      return taken;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
