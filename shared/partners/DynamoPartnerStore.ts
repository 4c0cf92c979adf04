import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { queryAll } from '../stores/index.ts';
import type { PartnerStore } from './PartnerStore.ts';
import { type Partner, type PartnerInput, partnerInputSchema } from './schemas.ts';

const storedPartner = partnerInputSchema.extend({ name: z.string(), updatedAt: z.string() });
const storedItem = z.object({ partner: storedPartner });

/**
 * Partners in the single table, all under `pk = PARTNER`, `sk = <name>` (a handful, read together
 * by one Query). Ingest consults them on every drop, so reads are cached per process for
 * `cacheMs`; this process's writes clear the cache at once (another process sees a change within
 * `cacheMs`: docs/security.md).
 *
 * @example
 * const partners = new DynamoPartnerStore(ddb, 'audience-bridge', () => new Date());
 * await partners.put('aam', { lists: ['aam.*'], dpids: [12345], fullReplace: true, recipients: false });
 */
export class DynamoPartnerStore implements PartnerStore {
  private cache: { at: number; items: Map<string, Partner> } | undefined;

  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date,
    private readonly cacheMs = 30_000,
  ) {}

  async get(name: string): Promise<Partner | undefined> {
    return (await this.items()).get(name);
  }

  async list(): Promise<Partner[]> {
    return [...(await this.items()).values()];
  }

  async put(name: string, input: PartnerInput): Promise<Partner> {
    const partner = this.toPartner(name, input);
    await this.ddb.send(
      new PutCommand({ TableName: this.table, Item: { pk: 'PARTNER', sk: name, partner } }),
    );
    this.cache = undefined;
    return partner;
  }

  async putIfAbsent(name: string, input: PartnerInput): Promise<void> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: 'PARTNER', sk: name, partner: this.toPartner(name, input) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    this.cache = undefined;
  }

  private toPartner(name: string, input: PartnerInput): Partner {
    return { ...partnerInputSchema.parse(input), name, updatedAt: this.now().toISOString() };
  }

  private async items(): Promise<Map<string, Partner>> {
    const at = this.now().getTime();
    if (this.cache && at - this.cache.at < this.cacheMs) return this.cache.items;
    const found = await queryAll<Record<string, unknown>>(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'PARTNER' },
      ConsistentRead: true,
    });
    const items = new Map<string, Partner>();
    for (const raw of found) {
      const { partner } = storedItem.parse(raw);
      items.set(partner.name, partner);
    }
    this.cache = { at, items };
    return items;
  }
}
