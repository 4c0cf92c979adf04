import type { DynamoDBDocumentClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/lib-dynamodb';
import type { InitializeMiddleware } from '@smithy/types';
import { batchClientOf } from '../../shared/stores/index.ts';

type Send = (command: unknown) => Promise<unknown>;
type Stack = DynamoDBDocumentClient['middlewareStack'];

/** The clients a document client's calls go through: itself, and the client its batch calls use. */
function clientsOf(ddb: DynamoDBDocumentClient): Array<{ send: unknown; middlewareStack: Stack }> {
  const batch = batchClientOf(ddb) as unknown as { send: unknown; middlewareStack: Stack };
  return batch === (ddb as unknown) ? [ddb] : [ddb, batch];
}

/**
 * Routes every command sent through `ddb`, its batch calls included (`createClients` sends those
 * through their own client), to `wrapper`, which gets the command and the client's own send.
 */
export function wrapDynamoSends(
  ddb: DynamoDBDocumentClient,
  wrapper: (command: unknown, send: Send) => Promise<unknown>,
): void {
  for (const client of clientsOf(ddb)) {
    const send = (client.send as Send).bind(client);
    client.send = (command: unknown) => wrapper(command, send);
  }
}

/**
 * Adds a middleware to every stack `ddb`'s calls go through. Add it before the first batch call:
 * the batch client resolves its stack once per command and ignores later additions.
 */
export function addDynamoMiddleware(
  ddb: DynamoDBDocumentClient,
  middleware: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes>,
  options: { step: 'initialize'; name: string },
): void {
  for (const client of clientsOf(ddb)) client.middlewareStack.add(middleware, options);
}
