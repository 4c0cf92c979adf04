import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DependencyError } from '../errors/index.ts';
import type { SecretBox } from '../secrets/index.ts';
import { queryAll } from '../stores/index.ts';
import type { OpenedDestination } from './Destination.ts';
import type { DestinationStore } from './DestinationStore.ts';
import {
  type Destination,
  type DestinationInput,
  type DestinationSecret,
  destinationSchema,
  destinationSecretSchema,
} from './schemas.ts';

const PK = 'DEST';

const itemSchema = z.object({ destination: destinationSchema, secret: z.string().optional() });

function parseItem(raw: unknown): z.output<typeof itemSchema> {
  const parsed = itemSchema.safeParse(raw);
  if (!parsed.success) throw new DependencyError('destination: the stored item does not parse');
  return parsed.data;
}

/** The stored (public) part of an input, and its secret. */
function split(
  name: string,
  input: DestinationInput,
  updatedAt: string,
): { destination: Destination; secret?: DestinationSecret } {
  if (input.kind === 'sftp') {
    const { privateKeyPem, ...rest } = input;
    return { destination: { ...rest, name, updatedAt, hasPrivateKey: true }, secret: { privateKeyPem } };
  }
  const { accessKey, ...rest } = input;
  return {
    destination: { ...rest, name, updatedAt, hasAccessKey: Boolean(accessKey) },
    ...(accessKey ? { secret: { accessKeyId: accessKey.id, secretAccessKey: accessKey.secret } } : {}),
  };
}

/**
 * Destinations in the single table: `pk = DEST`, `sk = <name>`, the public definition in
 * `destination` and the secret (an access key pair or an SSH private key, as JSON) sealed by the
 * SecretBox in `secret`, exactly as data-source AES keys are.
 *
 * @example
 * const destinations = new DynamoDestinationStore(ddb, 'audience-bridge', new LocalSecretBox(home), () => new Date());
 * await destinations.put('partner-sftp', { kind: 'sftp', host: 'sftp.example.com', port: 22, user: 'ab', path: 'in', privateKeyPem, hostKeySha256 });
 */
export class DynamoDestinationStore implements DestinationStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly box: SecretBox,
    private readonly now: () => Date,
  ) {}

  async get(name: string): Promise<Destination | undefined> {
    return (await this.item(name))?.destination;
  }

  async list(): Promise<Destination[]> {
    const items = await queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PK },
    });
    return items.map((item) => parseItem(item).destination);
  }

  async put(name: string, input: DestinationInput): Promise<Destination> {
    const { destination, secret } = split(name, input, this.now().toISOString());
    const sealed = secret ? await this.box.seal(JSON.stringify(secret), `destination/${name}`) : undefined;
    await this.ddb.send(
      new PutCommand({ TableName: this.table, Item: { pk: PK, sk: name, destination, secret: sealed } }),
    );
    return destination;
  }

  async open(name: string): Promise<OpenedDestination | undefined> {
    const item = await this.item(name);
    if (!item) return undefined;
    if (!item.secret) return item.destination;
    const secret = destinationSecretSchema.safeParse(
      JSON.parse(await this.box.open(item.secret, `destination/${name}`)),
    );
    if (!secret.success) throw new DependencyError('destination: the sealed secret does not parse');
    return { ...item.destination, secret: secret.data };
  }

  private async item(name: string) {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: { pk: PK, sk: name }, ConsistentRead: true }),
    );
    return out.Item ? parseItem(out.Item) : undefined;
  }
}
