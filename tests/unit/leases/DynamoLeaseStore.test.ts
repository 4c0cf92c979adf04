import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError } from '../../../shared/errors/index.ts';
import { DynamoLeaseStore } from '../../../shared/leases/index.ts';
import { useDynamoTables } from '../../helpers/dynamoTables.ts';

describe('DynamoLeaseStore', () => {
  const tables = useDynamoTables();
  let clock = 1_000_000;

  async function store(): Promise<{ leases: DynamoLeaseStore; table: string }> {
    const table = await tables.create('leases');
    return { leases: new DynamoLeaseStore(tables.ddb, table, () => clock), table };
  }

  it('takes over an expired lease of another holder and hands back what it left behind', async () => {
    const { leases } = await store();
    await leases.acquire('list#aam.1', 'job-a', 1_000, { pendingVersion: 4 });
    expect(await leases.acquire('list#aam.1', 'job-b', 1_000)).toBeUndefined();
    clock += 1_001;
    expect(await leases.acquire('list#aam.1', 'job-b', 1_000)).toEqual({
      lease: { resource: 'list#aam.1', holder: 'job-b', expiresAt: 1_002_001, data: {} },
      takenOver: {
        resource: 'list#aam.1',
        holder: 'job-a',
        expiresAt: 1_001_000,
        data: { pendingVersion: 4 },
      },
    });
  });

  it('names a corrupt stored lease and its field instead of comparing against NaN', async () => {
    const { leases, table } = await store();
    await tables.ddb.send(
      new PutCommand({
        TableName: table,
        Item: { pk: 'LEASE#list#aam.1', sk: 'LEASE', holder: 'job-a', expiresAt: 'soon' },
      }),
    );
    const acquire = leases.acquire('list#aam.1', 'job-b', 1_000);
    await expect(acquire).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(acquire).rejects.toThrow(
      'lease list#aam.1: stored record is corrupt at expiresAt: Invalid input: expected number, received string',
    );
  });
});
