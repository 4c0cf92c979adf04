import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningDynamo, startDynamo } from '../../../local/emulators.ts';
import { DynamoBatchClient } from '../../../shared/aws/DynamoBatchClient.ts';
import { createClients, recordCallsAs } from '../../../shared/aws/index.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { DependencyError, fromSdkError, ValidationError } from '../../../shared/errors/index.ts';
import { batchWrite, createTable, DEFAULT_RETRY } from '../../../shared/stores/index.ts';

const LOCAL = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const put = (pk: string) => ({ PutRequest: { Item: { pk: { S: pk }, sk: { S: 'x' } } } });

/**
 * DynamoDB's answer to every request, for what the emulator cannot do (throttling); it keeps each
 * request's headers. Stops when the test ends.
 */
async function answering(status: number, body: object) {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    requests.push(request.headers);
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  stops.push(() => server.close());
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}
const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.unstubAllEnvs();
});

describe('DynamoBatchClient', () => {
  let dynamo: RunningDynamo;
  let tableNo = 0;
  /** A fresh table on the emulator, and a client for it with the local stack's credentials. */
  const fresh = async (recordCallsDir?: string) => {
    const table = `lite-${++tableNo}`;
    await createTable(createClients(loadConfig({ AB_DYNAMODB_ENDPOINT: dynamo.endpoint })).ddb, table);
    const client = new DynamoBatchClient({
      region: 'eu-west-1',
      endpoint: dynamo.endpoint,
      credentials: LOCAL,
      recordCallsDir,
    });
    return { table, client };
  };
  beforeAll(async () => {
    dynamo = await startDynamo({ port: 0 });
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  it('reads back what it wrote, items as DynamoDB JSON both ways', async () => {
    const { table, client } = await fresh();
    const written = await client.send({
      operation: 'BatchWriteItem',
      input: { RequestItems: { [table]: [put('a'), put('b')] } },
    });
    expect(written.UnprocessedItems).toEqual({});
    const read = await client.send({
      operation: 'BatchGetItem',
      input: { RequestItems: { [table]: { Keys: [{ pk: { S: 'a' }, sk: { S: 'x' } }] } } },
    });
    expect(read.Responses).toEqual({ [table]: [{ pk: { S: 'a' }, sk: { S: 'x' } }] });
  });

  it("turns DynamoDB's error answer into the SDK's service error, which fromSdkError maps", async () => {
    const { table, client } = await fresh();
    // An empty string as a key value: DynamoDB refuses it with a ValidationException.
    const refused = client
      .send({ operation: 'BatchWriteItem', input: { RequestItems: { [table]: [put('')] } } })
      .catch((error: unknown) => error);
    const error = (await refused) as Error & { $fault: string; $metadata: { httpStatusCode: number } };
    expect(error.name).toBe('ValidationException');
    expect(error.$fault).toBe('client');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(fromSdkError(error)).toBeInstanceOf(ValidationError);
  });

  it('records each batch call under the function sending it, with its tables, for the IAM check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ab-calls-'));
    const { table, client } = await fresh(dir);
    const keys = { [table]: { Keys: [{ pk: { S: 'a' }, sk: { S: 'x' } }] } };
    await client.send({ operation: 'BatchGetItem', input: { RequestItems: keys } });
    await recordCallsAs('ingest', () =>
      client.send({ operation: 'BatchWriteItem', input: { RequestItems: { [table]: [put('c')] } } }),
    );
    await recordCallsAs('export', () =>
      client.send({ operation: 'BatchGetItem', input: { RequestItems: keys } }),
    );
    const lines = readFileSync(join(dir, `calls-${process.pid}.ndjson`), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { fn: 'ingest', client: 'DynamoDBClient', operation: 'BatchWriteItem', input: { TableName: [table] } },
      { fn: 'export', client: 'DynamoDBClient', operation: 'BatchGetItem', input: { TableName: [table] } },
    ]);
  });

  it('sends 3 attempts on throttling, then fails with the throttling error batchWrite backs off from', async () => {
    const stub = await answering(400, {
      __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
      message: 'Throughput exceeds the current capacity',
    });
    const client = new DynamoBatchClient({
      region: 'eu-west-1',
      endpoint: stub.endpoint,
      credentials: LOCAL,
    });
    const failed = await client
      .send({ operation: 'BatchWriteItem', input: { RequestItems: { t: [put('a')] } } })
      .then(
        () => undefined,
        (error: unknown) => error as Error & { $fault: string },
      );
    expect(failed?.name).toBe('ProvisionedThroughputExceededException');
    expect(failed?.$fault).toBe('client');
    expect(stub.requests).toHaveLength(3);

    // createClients' batch calls: each throttled attempt of batchWrite is the client's 3.
    const { ddb } = createClients(loadConfig({ AB_DYNAMODB_ENDPOINT: stub.endpoint }));
    const policy = { ...DEFAULT_RETRY, maxAttempts: 2, sleep: async () => {} };
    const writing = batchWrite(ddb, 't', [{ PutRequest: { Item: { pk: 'a', sk: 'x' } } }], policy);
    await expect(writing).rejects.toThrow(DependencyError);
    await expect(writing).rejects.toThrow('DynamoDB left 1 writes unprocessed or throttled after 2 attempts');
    expect(stub.requests).toHaveLength(3 + 2 * 3);
  });

  it("signs with the environment's credentials and session token in Lambda, for the configured region", async () => {
    const stub = await answering(200, { UnprocessedItems: {} });
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'session-token');
    const client = new DynamoBatchClient({ region: 'eu-west-1', endpoint: stub.endpoint });
    await client.send({ operation: 'BatchWriteItem', input: { RequestItems: { t: [put('a')] } } });
    const [headers] = stub.requests;
    expect(headers?.['x-amz-target']).toBe('DynamoDB_20120810.BatchWriteItem');
    expect(headers?.['content-type']).toBe('application/x-amz-json-1.0');
    expect(headers?.['x-amz-security-token']).toBe('session-token');
    expect(headers?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, /,
    );
    expect(headers?.connection).toBe('keep-alive');
  });
});
