import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { type RunningDynamo, startDynamo } from '../../local/emulators.ts';
import { createClients } from '../../shared/aws/index.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { createTable } from '../../shared/stores/index.ts';

/**
 * One dynalite for the calling test file (started before its tests, stopped after) and a fresh
 * table per `create`, so every test starts from an empty store.
 *
 * @example
 * const tables = useDynamoTables();
 * it('…', async () => { const store = new DynamoJobStore(tables.ddb, await tables.create('jobs')); });
 */
export function useDynamoTables(): {
  readonly ddb: DynamoDBDocumentClient;
  create(prefix: string): Promise<string>;
} {
  let dynamo: RunningDynamo | undefined;
  let ddb: DynamoDBDocumentClient | undefined;
  let count = 0;
  beforeAll(async () => {
    dynamo = await startDynamo({ port: 0 });
    ddb = createClients(loadConfig({ AB_DYNAMODB_ENDPOINT: dynamo.endpoint })).ddb;
  });
  afterAll(async () => {
    await dynamo?.stop();
  });
  const client = (): DynamoDBDocumentClient => {
    if (!ddb) throw new Error('useDynamoTables: the emulator starts in beforeAll; use it inside a test');
    return ddb;
  };
  return {
    get ddb() {
      return client();
    },
    async create(prefix) {
      const name = `${prefix}-${++count}`;
      await createTable(client(), name);
      return name;
    },
  };
}
