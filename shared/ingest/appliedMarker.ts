import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

const keyOf = (objectKey: string, etag: string) => ({ pk: `APPLIED#${objectKey}`, sk: etag || '-' });

/**
 * Exactly-once marker of a drop: `pk=APPLIED#<key>, sk=<etag>`, written when its job commits. The
 * same object delivered or dropped again finds it and is not applied twice.
 */
export const appliedMarker = {
  async has(ddb: DynamoDBDocumentClient, table: string, objectKey: string, etag: string): Promise<boolean> {
    const out = await ddb.send(
      new GetCommand({ TableName: table, Key: keyOf(objectKey, etag), ConsistentRead: true }),
    );
    return out.Item !== undefined;
  },
  async put(
    ddb: DynamoDBDocumentClient,
    table: string,
    objectKey: string,
    etag: string,
    jobId: string,
    at: Date,
  ): Promise<void> {
    await ddb.send(
      new PutCommand({
        TableName: table,
        Item: { ...keyOf(objectKey, etag), jobId, appliedAt: at.toISOString() },
      }),
    );
  },
};
