import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { type RunningDynamo, startDynamo } from '../../local/emulators.ts';
import { createClients } from '../../shared/aws/index.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { createTable } from '../../shared/stores/index.ts';

/** What {@link useDynamoTables} gives a test file. */
export interface DynamoTables {
  /** One client shared by the file's tests. */
  readonly ddb: DynamoDBDocumentClient;
  /** A new client on the same emulator, for a test that wraps its `send` (faults, request counts). */
  client(): DynamoDBDocumentClient;
  /** Creates a fresh, empty table and returns its name (`<prefix>-<n>`). */
  create(prefix: string): Promise<string>;
}

/**
 * One dynalite for the calling test file (started before its tests, stopped after) and a fresh
 * table per `create`, so every test starts from an empty store.
 *
 * @example
 * const tables = useDynamoTables();
 * it('…', async () => { const store = new DynamoJobStore(tables.ddb, await tables.create('jobs')); });
 */
export function useDynamoTables(): DynamoTables {
  let dynamo: RunningDynamo | undefined;
  let shared: DynamoDBDocumentClient | undefined;
  let count = 0;
  const client = (): DynamoDBDocumentClient => {
    if (!dynamo) throw new Error('useDynamoTables: the emulator starts in beforeAll; use it inside a test');
    return createClients(loadConfig({ AB_DYNAMODB_ENDPOINT: dynamo.endpoint })).ddb;
  };
  beforeAll(async () => {
    dynamo = await startDynamo({ port: 0 });
    shared = client();
  });
  afterAll(async () => {
    await dynamo?.stop();
  });
  const sharedClient = (): DynamoDBDocumentClient => shared ?? client();
  return {
    get ddb() {
      return sharedClient();
    },
    client,
    async create(prefix) {
      const name = `${prefix}-${++count}`;
      await createTable(sharedClient(), name);
      return name;
    },
  };
}
