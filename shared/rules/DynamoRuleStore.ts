import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { queryAll } from '../stores/index.ts';
import type { MaterializeState, RuleDefinition } from './RuleDefinition.ts';
import type { RuleStore } from './RuleStore.ts';
import { parseRule } from './ruleSchema.ts';

const PK = 'RULES';

const storedSchema = z.object({
  sk: z.string(),
  rule: z.unknown(),
  inputs: z.array(z.string()),
  attributes: z.boolean(),
  revision: z.number().int(),
  state: z
    .object({
      versions: z.record(z.string(), z.number().int()),
      recipients: z.object({ cursor: z.string(), seen: z.array(z.string()) }).optional(),
    })
    .optional(),
});

function toDefinition(item: Record<string, unknown>): RuleDefinition {
  const stored = storedSchema.parse(item);
  return {
    listId: stored.sk,
    rule: parseRule(stored.rule),
    inputs: stored.inputs,
    attributes: stored.attributes,
    revision: stored.revision,
    ...(stored.state ? { state: stored.state } : {}),
  };
}

/**
 * Rule definitions in the single table: `pk=RULES`, `sk=<listId>` {rule, inputs, attributes,
 * revision, state}. One partition: rules are few, and a list commit reads them all at once to
 * find the rules that read that list.
 *
 * @example
 * const rules = new DynamoRuleStore(ddb, table);
 * await rules.define({ listId: 'rule.a', rule, inputs: ['aam.4321'], attributes: true });
 */
export class DynamoRuleStore implements RuleStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(listId: string): Promise<RuleDefinition | undefined> {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: { pk: PK, sk: listId }, ConsistentRead: true }),
    );
    return out.Item ? toDefinition(out.Item) : undefined;
  }

  async list(): Promise<RuleDefinition[]> {
    const items = await queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PK },
      ConsistentRead: true,
    });
    return items.map(toDefinition);
  }

  async define(definition: Omit<RuleDefinition, 'revision' | 'state'>): Promise<RuleDefinition> {
    const out = await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: PK, sk: definition.listId },
        UpdateExpression:
          'SET #rule = :rule, inputs = :inputs, #attributes = :attributes REMOVE #state ADD revision :one',
        ExpressionAttributeNames: { '#rule': 'rule', '#attributes': 'attributes', '#state': 'state' },
        ExpressionAttributeValues: {
          ':rule': definition.rule,
          ':inputs': definition.inputs,
          ':attributes': definition.attributes,
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toDefinition(out.Attributes ?? {});
  }

  async saveState(listId: string, revision: number, state: MaterializeState): Promise<boolean> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: PK, sk: listId },
          UpdateExpression: 'SET #state = :state',
          ConditionExpression: 'revision = :revision',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':state': state, ':revision': revision },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
