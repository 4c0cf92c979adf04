import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type BatchCall, batchClientOf } from '../../shared/stores/index.ts';

type Send = (command: unknown) => Promise<unknown>;

/** A batch request sent through the batch calls' client (`DynamoBatchClient`), not an SDK command. */
export function isBatchCall<O extends BatchCall['operation']>(
  command: unknown,
  operation: O,
): command is Extract<BatchCall, { operation: O }> {
  return (command as Partial<BatchCall>).operation === operation;
}

/**
 * Routes every command sent through `ddb` (SDK commands) and every request of its batch calls
 * (`BatchCall`s, through the client `createClients` registered for them) to `wrapper`, which gets
 * the command and the client's own send.
 */
export function wrapDynamoSends(
  ddb: DynamoDBDocumentClient,
  wrapper: (command: unknown, send: Send) => Promise<unknown>,
): void {
  for (const client of [ddb, batchClientOf(ddb)] as unknown as Array<{ send: Send }>) {
    const send = client.send.bind(client);
    client.send = (command: unknown) => wrapper(command, send);
  }
}

/**
 * Runs `hook` before every request `ddb` sends, its batch calls included, with the DynamoDB
 * operation (`UpdateItem`, `BatchGetItem`, …) and its input (marshalled for the batch calls, as the
 * document client's own input for the others); the request waits for the hook.
 */
export function beforeDynamoCalls(
  ddb: DynamoDBDocumentClient,
  hook: (operation: string, input: object) => unknown,
): void {
  ddb.middlewareStack.add(
    (next, context) => async (args) => {
      await hook(String(context.commandName).replace(/Command$/, ''), args.input);
      return next(args);
    },
    { step: 'initialize', name: 'beforeDynamoCalls' },
  );
  const batch = batchClientOf(ddb);
  const send = batch.send.bind(batch);
  batch.send = async (call) => {
    await hook(call.operation, call.input);
    return send(call);
  };
}
