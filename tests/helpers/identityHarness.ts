import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamo } from '../../local/emulators.ts';
import { createClients } from '../../shared/aws/index.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { DynamoDataSourceStore } from '../../shared/datasources/index.ts';
import {
  createIdentityService,
  DynamoIdentityStore,
  type IdentityService,
} from '../../shared/identities/index.ts';
import { LocalSecretBox } from '../../shared/secrets/index.ts';
import { createTable } from '../../shared/stores/index.ts';
import { beforeDynamoCalls } from './dynamoHooks.ts';

export interface IdentityHarness {
  identity: IdentityService;
  /** Recipients passed to `forgetMember`, in order. */
  forgotten: string[];
  /** Requests sent, by DynamoDB operation name (`BatchGetItem`, `BatchWriteItem`, …). */
  requests: Map<string, number>;
  home: string;
  stop(): Promise<void>;
}

/** dynalite on a free port, a fresh table, the identity service with a local secret key and request counts. */
export async function startIdentityHarness(table = 'identity-test'): Promise<IdentityHarness> {
  const dynamo = await startDynamo({ port: 0 });
  const home = mkdtempSync(join(tmpdir(), 'ab-identity-'));
  const { ddb } = createClients(loadConfig({ AB_DYNAMODB_ENDPOINT: dynamo.endpoint, AB_TABLE: table }));
  await createTable(ddb, table);
  const requests = new Map<string, number>();
  beforeDynamoCalls(ddb, (operation) => {
    requests.set(operation, (requests.get(operation) ?? 0) + 1);
  });
  const forgotten: string[] = [];
  const now = () => new Date('2026-01-02T03:04:05.000Z');
  const identity = createIdentityService({
    identities: new DynamoIdentityStore(ddb, table),
    dataSources: new DynamoDataSourceStore(ddb, table, new LocalSecretBox(home), now),
    now,
    forgetMember: async (recipientId) => {
      forgotten.push(recipientId);
    },
  });
  return { identity, forgotten, requests, home, stop: () => dynamo.stop() };
}
