import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, ValidationError } from '../errors/index.ts';
import type { SecretBox } from '../secrets/index.ts';
import { queryAll } from '../stores/index.ts';
import type { DataSourceStore } from './DataSourceStore.ts';
import type { DataSourceInput } from './schemas.ts';
import { type AesKey, type DataSource, DEFAULT_GOVERNANCE } from './types.ts';

interface DataSourceItem {
  pk: 'DS';
  sk: string;
  /** `governance` is absent on sources stored before it existed. */
  source: Omit<DataSource, 'hasKey' | 'governance'> & { governance?: DataSource['governance'] };
  /** Sealed JSON `{keyHex, ivHex}`: the current key, then the one it replaced. */
  secret?: string;
  previousSecret?: string;
}

const toSource = (item: DataSourceItem): DataSource => ({
  governance: DEFAULT_GOVERNANCE,
  ...item.source,
  hasKey: Boolean(item.secret),
});
const sameKey = (a: AesKey, b: AesKey) =>
  a.keyHex.toLowerCase() === b.keyHex.toLowerCase() && a.ivHex.toLowerCase() === b.ivHex.toLowerCase();

/**
 * Data sources in the single table, all under `pk = DS`, `sk = <name>` (a handful of items read
 * together: one Query lists them). Reads are cached per process for `cacheMs` because reconcile
 * and ingest consult them on every batch; this process's own writes clear the cache at once.
 *
 * @example
 * const sources = new DynamoDataSourceStore(ddb, 'audience-bridge', new LocalSecretBox(home), () => new Date());
 * await sources.put('crm_email', { kind: 'declared', dpid: 12345, reconciliationKey: 'email', encoding: 'sha256', channel: 'email', forceReconciliation: false, importEnabled: true });
 */
export class DynamoDataSourceStore implements DataSourceStore {
  private cache: { at: number; items: Map<string, DataSourceItem> } | undefined;
  private readonly keyCache = new Map<string, AesKey[]>();

  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly box: SecretBox,
    private readonly now: () => Date,
    private readonly cacheMs = 30_000,
  ) {}

  async get(name: string): Promise<DataSource | undefined> {
    const item = (await this.items()).get(name);
    return item && toSource(item);
  }

  async byDpid(dpid: number): Promise<DataSource | undefined> {
    for (const item of (await this.items()).values()) if (item.source.dpid === dpid) return toSource(item);
    return undefined;
  }

  async list(): Promise<DataSource[]> {
    return [...(await this.items()).values()].map(toSource);
  }

  async put(name: string, input: DataSourceInput): Promise<DataSource> {
    const items = await this.items(true);
    if (input.dpid !== undefined) {
      for (const other of items.values()) {
        if (other.sk !== name && other.source.dpid === input.dpid) {
          throw new ConflictError(`dpid: already used by data source ${other.sk}`, { field: 'dpid' });
        }
      }
    }
    const existing = (
      await this.ddb.send(
        new GetCommand({ TableName: this.table, Key: { pk: 'DS', sk: name }, ConsistentRead: true }),
      )
    ).Item as DataSourceItem | undefined;
    let secret: string | undefined;
    let previousSecret: string | undefined;
    if (input.encoding === 'aes-cbc') {
      secret = existing?.secret;
      previousSecret = existing?.previousSecret;
      if (input.aes) {
        const current = existing?.secret ? await this.openKey(name, existing.secret) : undefined;
        if (!current || !sameKey(current, input.aes)) {
          previousSecret = existing?.secret;
          const plain = JSON.stringify({ keyHex: input.aes.keyHex, ivHex: input.aes.ivHex });
          secret = await this.box.seal(plain, `dataSource/${name}`);
        }
      }
      if (!secret) throw new ValidationError('aes: required when encoding is aes-cbc', { field: 'aes' });
    }
    // A DPID this source gives up stays an alias of its name (docs/identifiers.md "Renaming").
    const held = existing?.source.dpid;
    const former = new Set(existing?.source.formerDpids ?? []);
    if (held !== undefined && held !== input.dpid) former.add(held);
    if (input.dpid !== undefined) former.delete(input.dpid);
    const source: Omit<DataSource, 'hasKey'> = {
      name,
      kind: input.kind,
      ...(input.dpid === undefined ? {} : { dpid: input.dpid }),
      reconciliationKey: input.reconciliationKey,
      encoding: input.encoding,
      channel: input.channel,
      forceReconciliation: input.forceReconciliation,
      ...(input.unhashedValues === undefined ? {} : { unhashedValues: input.unhashedValues }),
      ...(former.size > 0 ? { formerDpids: [...former].sort((a, b) => a - b) } : {}),
      importEnabled: input.importEnabled,
      governance: input.governance ?? DEFAULT_GOVERNANCE,
      updatedAt: this.now().toISOString(),
    };
    const item: DataSourceItem = { pk: 'DS', sk: name, source, secret, previousSecret };
    await this.ddb.send(new PutCommand({ TableName: this.table, Item: item }));
    this.cache = undefined;
    this.keyCache.delete(name);
    return toSource(item);
  }

  async keys(name: string): Promise<AesKey[]> {
    const cached = this.keyCache.get(name);
    if (cached) return cached;
    const item = (await this.items()).get(name);
    const sealed = [item?.secret, item?.previousSecret].filter((s): s is string => Boolean(s));
    const keys = await Promise.all(sealed.map((s) => this.openKey(name, s)));
    this.keyCache.set(name, keys);
    return keys;
  }

  private async openKey(name: string, sealed: string): Promise<AesKey> {
    return JSON.parse(await this.box.open(sealed, `dataSource/${name}`)) as AesKey;
  }

  private async items(fresh = false): Promise<Map<string, DataSourceItem>> {
    const at = this.now().getTime();
    if (!fresh && this.cache && at - this.cache.at < this.cacheMs) return this.cache.items;
    const items = new Map<string, DataSourceItem>();
    const found = await queryAll<DataSourceItem>(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'DS' },
      ConsistentRead: true,
    });
    for (const raw of found) items.set(String(raw.sk), raw);
    this.cache = { at, items };
    this.keyCache.clear();
    return items;
  }
}
