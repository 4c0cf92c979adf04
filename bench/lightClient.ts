import awsLite from '@aws-lite/client';
import dynamodbPlugin from '@aws-lite/dynamodb';
import { createClients } from '../shared/aws/index.ts';
import { loadConfig } from '../shared/config/index.ts';
import { BATCH_GET_LIMIT, BATCH_WRITE_LIMIT, batchGet, batchWrite } from '../shared/stores/index.ts';
import { BENCH_TABLE } from './benchRuntime.ts';
import { DynamoServer } from './dynamo/DynamoServer.ts';

/** Client CPU per request of one batch call, the product's path against the lighter client, and their ratio. */
export interface CallComparison {
  sdkUs: number;
  liteUs: number;
  /** liteUs / sdkUs, medians over interleaved rounds. */
  ratio: number;
}

export interface LightClientResults {
  requestsPerRound: number;
  rounds: number;
  batchWrite: CallComparison;
  batchGet: CallComparison;
}

type Item = Record<string, unknown>;

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
 * measure it"): the product's path (`batchWrite`/`batchGet`: util-dynamodb marshalling and the cached
 * low-level SDK client `createClients` builds) against `@aws-lite/dynamodb` (its own marshalling), the
 * same items, the same bench DynamoDB server in its own process, interleaved rounds after a warm-up,
 * so only the client process's CPU is compared.
 */
export async function compareLightClient(requestsPerRound = 400, rounds = 6): Promise<LightClientResults> {
  const server = await DynamoServer.start();
  try {
    await server.call({ op: 'latency', ms: 0 });
    const { ddb } = createClients(
      loadConfig({ AB_TABLE: BENCH_TABLE, AB_DYNAMODB_ENDPOINT: server.url, LOG_LEVEL: 'ERROR' }),
    );
    const lite = await awsLite({
      endpoint: server.url,
      region: 'us-east-1',
      accessKeyId: 'bench',
      secretAccessKey: 'bench',
      plugins: [dynamodbPlugin],
    });
    const calls = {
      sdkWrite: (i: number) =>
        batchWrite(
          ddb,
          BENCH_TABLE,
          memberItems(i).map((Item) => ({ PutRequest: { Item } })),
        ),
      liteWrite: (i: number) =>
        lite.DynamoDB.BatchWriteItem({
          RequestItems: { [BENCH_TABLE]: memberItems(i).map((Item) => ({ PutRequest: { Item } })) },
        }),
      sdkGet: (i: number) => batchGet(ddb, BENCH_TABLE, keysOf(readKeys(i))),
      liteGet: (i: number) =>
        lite.DynamoDB.BatchGetItem({ RequestItems: { [BENCH_TABLE]: { Keys: keysOf(readKeys(i)) } } }),
    };
    // The reads find what the writes stored: 100 keys of four write requests.
    const readKeys = (i: number): Item[] =>
      Array.from({ length: BATCH_GET_LIMIT / BATCH_WRITE_LIMIT }, (_, k) =>
        memberItems((i * 4 + k) % requestsPerRound),
      ).flat();
    const compare = async (sdk: keyof typeof calls, light: keyof typeof calls): Promise<CallComparison> => {
      for (let warm = 0; warm < 3; warm++) {
        await cpuPerCall(requestsPerRound, calls[sdk]);
        await cpuPerCall(requestsPerRound, calls[light]);
      }
      const got: { sdk: number[]; lite: number[] } = { sdk: [], lite: [] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 ? (['lite', 'sdk'] as const) : (['sdk', 'lite'] as const);
        for (const which of order)
          got[which].push(await cpuPerCall(requestsPerRound, calls[which === 'sdk' ? sdk : light]));
      }
      const sdkUs = median(got.sdk);
      const liteUs = median(got.lite);
      return { sdkUs, liteUs, ratio: liteUs / sdkUs };
    };
    const batchWriteResult = await compare('sdkWrite', 'liteWrite');
    const batchGetResult = await compare('sdkGet', 'liteGet');
    const found = await lite.DynamoDB.BatchGetItem({
      RequestItems: { [BENCH_TABLE]: { Keys: keysOf(readKeys(0)) } },
    });
    if ((found.Responses?.[BENCH_TABLE]?.length ?? 0) !== BATCH_GET_LIMIT) {
      throw new Error('light client: the reads did not find the items the writes stored');
    }
    return { requestsPerRound, rounds, batchWrite: batchWriteResult, batchGet: batchGetResult };
  } finally {
    server.stop();
  }
}
