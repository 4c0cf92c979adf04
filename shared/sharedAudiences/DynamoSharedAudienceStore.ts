import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../stores/index.ts';
import type { SharedAudience, SharedAudienceDefinition, SnapshotState } from './SharedAudience.ts';
import type { SharedAudienceStore } from './SharedAudienceStore.ts';

const PK = 'SA';
const keyOf = (name: string) => ({ pk: PK, sk: name });

function fromItem(item: Record<string, unknown>): SharedAudience {
  const definition = item.definition as SharedAudienceDefinition;
  return {
    ...definition,
    name: String(item.sk),
    updatedAt: String(item.updatedAt),
    snapshot: (item.snapshot as SnapshotState | undefined) ?? { generation: 0 },
  };
}

/**
 * Shared audiences in the single table: `pk=SA`, `sk=<name>`, attributes `definition`,
 * `updatedAt`, `snapshot` ({generation, jobId, basis}) and `nextGeneration` (a counter).
 *
 * @example
 * const store = new DynamoSharedAudienceStore(ddb, 'audience-bridge');
 * await store.put('crm-weekly', definition, new Date().toISOString());
 */
export class DynamoSharedAudienceStore implements SharedAudienceStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(name: string): Promise<SharedAudience | undefined> {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: keyOf(name), ConsistentRead: true }),
    );
    return out.Item?.definition ? fromItem(out.Item) : undefined;
  }

  async list(): Promise<SharedAudience[]> {
    const items = await queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PK },
    });
    return items.filter((item) => item.definition).map(fromItem);
  }

  async put(name: string, definition: SharedAudienceDefinition, updatedAt: string): Promise<SharedAudience> {
    // An update, not a put: the snapshot pointer and the generation counter survive a redefinition.
    const out = await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keyOf(name),
        UpdateExpression: 'SET #d = :d, #u = :u, #s = if_not_exists(#s, :s)',
        ExpressionAttributeNames: { '#d': 'definition', '#u': 'updatedAt', '#s': 'snapshot' },
        ExpressionAttributeValues: { ':d': definition, ':u': updatedAt, ':s': { generation: 0 } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem(out.Attributes ?? { sk: name, definition, updatedAt });
  }

  async nextGeneration(name: string): Promise<number> {
    const out = await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keyOf(name),
        UpdateExpression: 'ADD #n :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#n': 'nextGeneration' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.nextGeneration);
  }

  async publishSnapshot(name: string, expected: number, next: SnapshotState): Promise<boolean> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keyOf(name),
          UpdateExpression: 'SET #s = :next',
          // Compare-and-set on the published generation: no transactions in dynalite, so this
          // single conditional write is the commit point of an incremental export.
          ConditionExpression: '#s.#g = :expected',
          ExpressionAttributeNames: { '#s': 'snapshot', '#g': 'generation' },
          ExpressionAttributeValues: { ':next': next, ':expected': expected },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
