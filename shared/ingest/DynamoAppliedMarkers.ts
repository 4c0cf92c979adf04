import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AppliedMarkers } from './DropLedger.ts';

const keyOf = (objectKey: string, etag: string) => ({ pk: `APPLIED#${objectKey}`, sk: etag || '-' });

/** Applied markers of drops as items `pk=APPLIED#<key>, sk=<etag>` {jobId, appliedAt}. */
export class DynamoAppliedMarkers implements AppliedMarkers {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async has(objectKey: string, etag: string): Promise<boolean> {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: keyOf(objectKey, etag), ConsistentRead: true }),
    );
    return out.Item !== undefined;
  }

  async put(objectKey: string, etag: string, jobId: string, at: Date): Promise<void> {
    await this.ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keyOf(objectKey, etag), jobId, appliedAt: at.toISOString() },
      }),
    );
  }
}
