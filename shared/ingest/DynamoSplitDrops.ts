import { isDeepStrictEqual } from 'node:util';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ControlFile } from '../formats/index.ts';
import { queryAll } from '../stores/index.ts';
import type { SplitDropStore } from './DropLedger.ts';
import { type DropState, dropGroup } from './SplitDrops.ts';

const pkOf = (dropName: string) => `DROP#${dropGroup(dropName)}`;

/**
 * Progress of split drops under `pk=DROP#<folder>/<dropName>` (the full key's folder: a drop in
 * another partner's folder never meets this one): `sk=INFO` {control, key} when the first `.info`
 * arrived, `sk=PART#<file name>` {jobId, key} per data file, `sk=META` {firstSeen} (listed through
 * GSI1 `DROPS` by first sight, for the sweep's timeout check). One item per piece: no
 * read-modify-write races between parts arriving together.
 */
export class DynamoSplitDrops implements SplitDropStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async touch(dropName: string, at: Date): Promise<void> {
    await this.ddb
      .send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: pkOf(dropName),
            sk: 'META',
            firstSeen: at.toISOString(),
            gsi1pk: 'DROPS',
            gsi1sk: `${at.toISOString()}#${dropName}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  /** A later `.info` never replaces the first (another key, or another content under the same key). */
  async recordControl(
    dropName: string,
    key: string,
    control: ControlFile,
    at: Date,
  ): Promise<{ winner: string } | undefined> {
    await this.touch(dropName, at);
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: pkOf(dropName), sk: 'INFO', key, control },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const first = await this.ddb.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: pkOf(dropName), sk: 'INFO' },
        ConsistentRead: true,
      }),
    );
    const same = first.Item?.key === key && isDeepStrictEqual(first.Item?.control, control);
    return same ? undefined : { winner: String(first.Item?.key) };
  }

  async recordPart(dropName: string, fileName: string, key: string, jobId: string, at: Date): Promise<void> {
    await this.touch(dropName, at);
    await this.ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: pkOf(dropName), sk: `PART#${fileName}`, key, jobId },
      }),
    );
  }

  async get(dropName: string): Promise<DropState> {
    const state: DropState = { dropName, parts: new Map() };
    const items = await queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pkOf(dropName) },
      ConsistentRead: true,
    });
    for (const item of items) {
      const sk = String(item.sk);
      if (sk === 'INFO') state.control = item.control as ControlFile;
      else if (sk === 'META') state.firstSeen = String(item.firstSeen);
      else if (sk.startsWith('PART#')) {
        state.parts.set(sk.slice(5), { jobId: String(item.jobId), key: String(item.key) });
      }
    }
    return state;
  }

  /** Drops first seen before `before` (ISO time), oldest first. */
  async seenBefore(before: string): Promise<string[]> {
    const items = await queryAll(this.ddb, {
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
      ExpressionAttributeValues: { ':pk': 'DROPS', ':before': before },
    });
    return items.map((item) => String(item.pk).slice('DROP#'.length));
  }
}
