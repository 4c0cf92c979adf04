import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandLog } from '../../../bench/dynamo/CommandLog.ts';
import { DynamoServer } from '../../../bench/dynamo/DynamoServer.ts';
import { createClients } from '../../../shared/aws/index.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { batchGet, batchWrite } from '../../../shared/stores/index.ts';

const TABLE = 'bench';

describe('DynamoServer', () => {
  let server: DynamoServer;
  let ddb: ReturnType<typeof createClients>['ddb'];

  beforeAll(async () => {
    server = await DynamoServer.start();
    ddb = createClients(loadConfig({ AB_TABLE: TABLE, AB_DYNAMODB_ENDPOINT: server.url })).ddb;
  });

  afterAll(() => {
    server.stop();
  });

  it('answers the real SDK client in DynamoDB’s protocol and bills request units when batches and a conditional put go through it', async () => {
    await server.call({ op: 'reset' });
    const items = Array.from({ length: 30 }, (_, i) => ({ pk: `M#l#${i % 2}`, sk: `r${i}`, from: 1 }));
    await batchWrite(
      ddb,
      TABLE,
      items.map((Item) => ({ PutRequest: { Item } })),
    );
    const found = await batchGet(ddb, TABLE, [
      ...items.map(({ pk, sk }) => ({ pk, sk })),
      { pk: 'nope', sk: 'x' },
    ]);
    expect(found).toHaveLength(30);
    expect(found.find((item) => item.sk === 'r7')).toEqual({ pk: 'M#l#1', sk: 'r7', from: 1 });
    const refused = ddb.send(
      new PutCommand({ TableName: TABLE, Item: items[0], ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    await expect(refused).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    const { counts } = await server.counts();
    expect(counts.byCommand).toEqual({ BatchWriteCommand: 2, BatchGetCommand: 1, PutCommand: 1 });
    // 30 writes of one unit each, plus the failed condition's unit; 31 eventually consistent reads.
    expect(counts.writeUnits).toBe(31);
    expect(counts.readUnits).toBe(15.5);
  });

  it('gives a replay the recorded answers without touching the table when the floor resends the same commands', async () => {
    const log = new CommandLog(ddb);
    await server.call({ op: 'record', on: true });
    log.start();
    await ddb.send(new PutCommand({ TableName: TABLE, Item: { pk: 'P', sk: '1', n: 1 } }));
    const first = await ddb.send(new GetCommand({ TableName: TABLE, Key: { pk: 'P', sk: '1' } }));
    log.stop();
    await ddb.send(new PutCommand({ TableName: TABLE, Item: { pk: 'P', sk: '1', n: 2 } }));
    await server.call({ op: 'replay', on: true });
    await server.call({ op: 'reset' });
    await log.replay();
    const { counts, replayMisses } = await server.counts();
    await server.call({ op: 'replay', on: false });
    expect(first.Item).toEqual({ pk: 'P', sk: '1', n: 1 });
    expect(log.size).toBe(2);
    expect(replayMisses).toBe(0);
    expect(counts.requests).toBe(0);
  });
});
