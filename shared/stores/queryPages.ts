import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/**
 * Every page of a Query, following `LastEvaluatedKey`, one page at a time (the caller's
 * back-pressure decides when the next request is sent). Items are typed as `T`, the caller's
 * item shape.
 *
 * @example
 * for await (const items of queryPages<MemberItem>(ddb, { TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } })) { … }
 */
export async function* queryPages<T = Item>(
  ddb: DynamoDBDocumentClient,
  input: QueryCommandInput,
): AsyncIterable<T[]> {
  let startKey = input.ExclusiveStartKey;
  do {
    const out = await ddb.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    yield (out.Items ?? []) as T[];
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}

/** All items of a Query, for partitions known to be small (lists, data sources, shared audiences). */
export async function queryAll<T = Item>(
  ddb: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of queryPages<T>(ddb, input)) items.push(...page);
  return items;
}
