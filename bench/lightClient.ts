import awsLite from '@aws-lite/client';
import dynamodbPlugin from '@aws-lite/dynamodb';
import { BatchGetItemCommand, BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createClients } from '../shared/aws/index.ts';
import { loadConfig } from '../shared/config/index.ts';
import { BATCH_GET_LIMIT, BATCH_WRITE_LIMIT, batchGet, batchWrite } from '../shared/stores/index.ts';
import { BENCH_TABLE } from './benchRuntime.ts';
import { DynamoServer } from './dynamo/DynamoServer.ts';

/** Client CPU per request of one batch call through each client, medians over interleaved rounds. */
export interface CallComparison {
  /** The SDK's low-level client, as the product sent the batch calls before `@aws-lite/client`. */
  sdkUs: number;
  /** `@aws-lite/dynamodb`: the aws-lite plugin, plain items in and out (its own marshalling). */
  pluginUs: number;
  /** The product's path (`batchWrite`/`batchGet`: util-dynamodb marshalling, `DynamoBatchClient`). */
  productUs: number;
  /** productUs / sdkUs. */
  ratio: number;
}

type Item = Record<string, unknown>;

/** The plugin's two batch methods (it ships no types). */
interface LiteDynamoDB {
  BatchWriteItem(input: {
    RequestItems: Record<string, Array<{ PutRequest: { Item: Item } }>>;
  }): Promise<unknown>;
  BatchGetItem(input: { RequestItems: Record<string, { Keys: Item[] }> }): Promise<{
    Responses?: Record<string, Item[]>;
  }>;
}

const MARSHALL = { removeUndefinedValues: true };

/**
 * The batch calls' SDK client as the product had it before (commit 44ce6d8): low-level commands,
 * middleware resolved once per command, no user agent or trace header, items marshalled once.
 */
function sdkBatchPath(endpoint: string) {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 3,
    cacheMiddleware: true,
    requestHandler: { httpAgent: { maxSockets: 128 } },
  });
  client.middlewareStack.remove('getUserAgentMiddleware');
  client.middlewareStack.remove('recursionDetectionMiddleware');
  return {
    write: (items: Item[]) =>
      client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [BENCH_TABLE]: items.map((Item) => ({ PutRequest: { Item: marshall(Item, MARSHALL) } })),
          },
        }),
      ),
    get: async (keys: Item[]) => {
      const out = await client.send(
        new BatchGetItemCommand({
          RequestItems: { [BENCH_TABLE]: { Keys: keys.map((key) => marshall(key, MARSHALL)) } },
        }),
      );
      return (out.Responses?.[BENCH_TABLE] ?? []).map((item) => unmarshall(item));
    },
  };
}

export interface LightClientResults {
  requestsPerRound: number;
  rounds: number;
  batchWrite: CallComparison;
  batchGet: CallComparison;
}

/** A member item as ingest writes it (key, versions, flags), 25 to a request. */
const memberItems = (request: number): Item[] =>
  Array.from({ length: BATCH_WRITE_LIMIT }, (_, i) => ({
    pk: `L#aam.${request % 7}#${i % 32}`,
    sk: `m#0f8fad5b-d9cb-469f-a165-${String(request * BATCH_WRITE_LIMIT + i).padStart(12, '0')}`,
    v: 5,
    p: 6,
    a: 1,
  }));

const keysOf = (items: Item[]): Item[] => items.map(({ pk, sk }) => ({ pk, sk }));

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Runs `send(i)` for i < count, 16 in flight, and returns the process CPU per call in µs. */
async function cpuPerCall(count: number, send: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) await send(next++);
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

/**
 * The batch calls side by side (issue 18: "if a lighter client is clearly faster for the hot path,
 * measure it"): the SDK's low-level client as the product had it, `@aws-lite/dynamodb` (the
 * plugin's own marshalling), and the product's path now (`batchWrite`/`batchGet` through
 * `DynamoBatchClient`, `@aws-lite/client` with the wire JSON util-dynamodb marshalled), on the same
 * items, the same bench DynamoDB server in its own process, interleaved rounds after a warm-up, so
 * only the client process's CPU is compared.
 */
export async function compareLightClient(requestsPerRound = 400, rounds = 6): Promise<LightClientResults> {
  const server = await DynamoServer.start();
  try {
    await server.call({ op: 'latency', ms: 0 });
    const { ddb } = createClients(
      loadConfig({ AB_TABLE: BENCH_TABLE, AB_DYNAMODB_ENDPOINT: server.url, LOG_LEVEL: 'ERROR' }),
    );
    const sdk = sdkBatchPath(server.url);
    const plugin = (await awsLite({
      endpoint: server.url,
      region: 'us-east-1',
      accessKeyId: 'bench',
      secretAccessKey: 'bench',
      plugins: [dynamodbPlugin],
    })) as unknown as { DynamoDB: LiteDynamoDB };
    // The reads find what the writes stored: 100 keys of four write requests.
    const readKeys = (i: number): Item[] =>
      keysOf(
        Array.from({ length: BATCH_GET_LIMIT / BATCH_WRITE_LIMIT }, (_, k) =>
          memberItems((i * 4 + k) % requestsPerRound),
        ).flat(),
      );
    type Calls = Record<'sdk' | 'plugin' | 'product', (i: number) => Promise<unknown>>;
    const writes: Calls = {
      sdk: (i) => sdk.write(memberItems(i)),
      plugin: (i) =>
        plugin.DynamoDB.BatchWriteItem({
          RequestItems: { [BENCH_TABLE]: memberItems(i).map((Item) => ({ PutRequest: { Item } })) },
        }),
      product: (i) =>
        batchWrite(
          ddb,
          BENCH_TABLE,
          memberItems(i).map((Item) => ({ PutRequest: { Item } })),
        ),
    };
    const reads: Calls = {
      sdk: (i) => sdk.get(readKeys(i)),
      plugin: (i) => plugin.DynamoDB.BatchGetItem({ RequestItems: { [BENCH_TABLE]: { Keys: readKeys(i) } } }),
      product: (i) => batchGet(ddb, BENCH_TABLE, readKeys(i)),
    };
    const compare = async (calls: Calls): Promise<CallComparison> => {
      const order = ['sdk', 'plugin', 'product'] as const;
      for (let warm = 0; warm < 3; warm++)
        for (const which of order) await cpuPerCall(requestsPerRound, calls[which]);
      const got = { sdk: [] as number[], plugin: [] as number[], product: [] as number[] };
      for (let round = 0; round < rounds; round++) {
        for (const which of round % 2 ? [...order].reverse() : order)
          got[which].push(await cpuPerCall(requestsPerRound, calls[which]));
      }
      const sdkUs = median(got.sdk);
      const productUs = median(got.product);
      return { sdkUs, pluginUs: median(got.plugin), productUs, ratio: productUs / sdkUs };
    };
    const batchWriteResult = await compare(writes);
    const batchGetResult = await compare(reads);
    const found = await Promise.all([sdk.get(readKeys(0)), batchGet(ddb, BENCH_TABLE, readKeys(0))]);
    if (found.some((items) => items.length !== BATCH_GET_LIMIT)) {
      throw new Error('light client: the reads did not find the items the writes stored');
    }
    return { requestsPerRound, rounds, batchWrite: batchWriteResult, batchGet: batchGetResult };
  } finally {
    server.stop();
  }
}
