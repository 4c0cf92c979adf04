/**
 * The bench's DynamoDB stand-in behind HTTP, in its own process: `bench/dynamo/DynamoServer.ts`
 * forks this file. It speaks DynamoDB's JSON protocol (`x-amz-target`, AttributeValue JSON, error
 * `__type`s) so the REAL SDK clients marshal, sign, send and parse every request, while the table
 * itself is `InProcessDynamo` (same limits, same counts). Its CPU is its own process's, so the bench
 * can split a run's CPU into ingest core, SDK client and server.
 *
 * Controlled over the fork IPC channel (see {@link ServerMessage}): reset and read the counters, set
 * the per-request latency, seed identities in-process (not timed, no SDK), and record answers so a
 * replay of the same requests (the SDK floor) gets byte-identical answers without any table work.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { DynamoDataSourceStore } from '../../shared/datasources/index.ts';
import { createIdentityService, DynamoIdentityStore } from '../../shared/identities/index.ts';
import { logger } from '../../shared/logging/index.ts';
import { LocalSecretBox } from '../../shared/secrets/index.ts';
import { InProcessDynamo } from '../inProcessDynamo.ts';
import { seedIdentities } from '../seedIdentities.ts';
import { UnsupportedExpressionError } from './expression.ts';

/** Messages the parent sends; every one is answered with `{ id, ok, value? , error? }`. */
export type ServerMessage =
  | { id: number; op: 'reset' }
  | { id: number; op: 'counts' }
  | { id: number; op: 'latency'; ms: number }
  | { id: number; op: 'record'; on: boolean }
  | { id: number; op: 'replay'; on: boolean }
  | { id: number; op: 'forget'; prefixes: string[] }
  | { id: number; op: 'seed'; table: string; home: string; seed: number; rows: number };

type Av = Record<string, unknown>;
type Item = Record<string, unknown>;

const COMMANDS: Record<string, string> = {
  BatchGetItem: 'BatchGetCommand',
  BatchWriteItem: 'BatchWriteCommand',
  GetItem: 'GetCommand',
  PutItem: 'PutCommand',
  UpdateItem: 'UpdateCommand',
  DeleteItem: 'DeleteCommand',
  Query: 'QueryCommand',
  CreateTable: 'CreateTableCommand',
  DescribeTable: 'DescribeTableCommand',
};

const toJs = (av: unknown): Item => unmarshall(av as Record<string, never>);
const toAv = (item: unknown): Av => marshall(item as Item, { removeUndefinedValues: true });

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const key of Object.keys(record)) out[key] = fn(record[key] as T);
  return out;
}

/** The wire input of an operation with every AttributeValue turned into a plain value. */
function documentInput(operation: string, body: Item): Item {
  const input: Item = { ...body };
  for (const field of ['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey']) {
    if (body[field]) input[field] = toJs(body[field]);
  }
  const requestItems = body.RequestItems as Record<string, unknown> | undefined;
  if (operation === 'BatchGetItem' && requestItems) {
    input.RequestItems = mapValues(requestItems as Record<string, { Keys: Av[] }>, (request) => ({
      ...request,
      Keys: request.Keys.map(toJs),
    }));
  }
  if (operation === 'BatchWriteItem' && requestItems) {
    type Wire = { PutRequest?: { Item: Av }; DeleteRequest?: { Key: Av } };
    input.RequestItems = mapValues(requestItems as Record<string, Wire[]>, (requests) =>
      requests.map((r) =>
        r.PutRequest
          ? { PutRequest: { Item: toJs(r.PutRequest.Item) } }
          : { DeleteRequest: { Key: toJs(r.DeleteRequest?.Key) } },
      ),
    );
  }
  return input;
}

/** The stand-in's document-level answer turned back into DynamoDB's wire shape. */
function wireOutput(output: Item): Item {
  const out: Item = { ...output };
  for (const field of ['Item', 'Attributes', 'LastEvaluatedKey']) {
    if (output[field]) out[field] = toAv(output[field]);
  }
  if (Array.isArray(output.Items)) out.Items = output.Items.map(toAv);
  if (output.Responses) {
    out.Responses = mapValues(output.Responses as Record<string, Item[]>, (items) => items.map(toAv));
  }
  return out;
}

function errorType(error: unknown): { status: number; type: string; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConditionalCheckFailedException)
    return { status: 400, type: 'ConditionalCheckFailedException', message };
  if (error instanceof UnsupportedExpressionError)
    return { status: 500, type: 'InternalServerError', message };
  const named = /^(\w+Exception): (.*)$/s.exec(message);
  if (named) return { status: 400, type: named[1] as string, message: named[2] as string };
  return { status: 500, type: 'InternalServerError', message };
}

const dynamo = new InProcessDynamo({ units: true });
let latencyMs = 0;
let recording: Map<string, Array<[number, string]>> | undefined;
let replaying = false;
let replayMisses = 0;

async function answer(target: string, raw: string): Promise<[number, string]> {
  const operation = target.slice(target.indexOf('.') + 1);
  const command = COMMANDS[operation];
  if (!command)
    return [400, JSON.stringify({ __type: 'com.amazon.coral.validate#UnknownOperationException' })];
  try {
    const input = documentInput(operation, JSON.parse(raw) as Item);
    const output = (await dynamo.send({ constructor: { name: command }, input })) as Item;
    return [200, JSON.stringify(wireOutput(output))];
  } catch (error) {
    const { status, type, message } = errorType(error);
    return [status, JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message })];
  }
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const target = String(request.headers['x-amz-target'] ?? '');
  const recordKey = `${target}\n${raw}`;
  let result = replaying ? recording?.get(recordKey)?.shift() : undefined;
  if (replaying && !result) replayMisses += 1;
  if (!result) {
    result = await answer(target, raw);
    if (recording && !replaying) {
      const queue = recording.get(recordKey);
      if (queue) queue.push(result);
      else recording.set(recordKey, [result]);
    }
  }
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
  const [status, body] = result;
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': 'bench',
  });
  response.end(body);
}

async function control(message: ServerMessage): Promise<unknown> {
  switch (message.op) {
    case 'reset':
      dynamo.counter.reset();
      replayMisses = 0;
      return null;
    case 'counts':
      return { counts: dynamo.counts(), cpu: process.cpuUsage(), replayMisses, items: dynamo.size };
    case 'latency':
      latencyMs = message.ms;
      return null;
    case 'record':
      recording = message.on ? new Map() : undefined;
      replaying = false;
      return null;
    case 'replay':
      replaying = message.on;
      if (!message.on) recording = undefined;
      return null;
    case 'forget':
      dynamo.forget(message.prefixes);
      return null;
    case 'seed': {
      // Straight into the table, no HTTP: seeding is set-up, never measured.
      const now = () => new Date();
      const secrets = new LocalSecretBox(message.home);
      const identity = createIdentityService({
        identities: new DynamoIdentityStore(dynamo.client, message.table),
        dataSources: new DynamoDataSourceStore(dynamo.client, message.table, secrets, now),
        now,
        forgetMember: async () => {},
      });
      return seedIdentities(identity, message.seed, message.rows);
    }
  }
}

logger.setLogLevel('ERROR');
const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    response.writeHead(500);
    response.end(String(error));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ ready: `http://127.0.0.1:${port}` });
});
process.on('message', (message: ServerMessage) => {
  control(message).then(
    (value) => process.send?.({ id: message.id, ok: true, value }),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
