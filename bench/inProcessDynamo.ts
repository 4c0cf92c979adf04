import { type AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type BatchCall, type BatchOutput, useBatchClient } from '../shared/stores/index.ts';
import { TABLE_KEYS } from '../shared/stores/tableDefinition.ts';
import {
  applyUpdate,
  evaluate,
  type Item,
  type Names,
  parseCondition,
  parseUpdate,
  UnsupportedExpressionError,
  type Values,
} from './dynamo/expression.ts';
import { itemSize } from './dynamo/itemSize.ts';
import {
  BATCH_GET_MAX,
  BATCH_WRITE_MAX,
  RequestCounter,
  type RequestCounts,
} from './dynamo/RequestCounter.ts';

const PAGE_BYTES = 1024 * 1024;
const { partitionKey: PK, sortKey: SK, gsi1 } = TABLE_KEYS;

export interface InProcessDynamoOptions {
  /** Keep an item only when this says so (default: keep all). Writes are still counted. */
  retain?: (pk: string) => boolean;
  /** Track distinct keys and per-partition writes (default true; off for memory runs). */
  trackKeys?: boolean;
  /**
   * Answers a read of an item that is not stored (the memory runs' synthetic identities, so the
   * stand-in holds nothing that grows with the drop). Never consulted by writes or queries.
   */
  fallback?: (pk: string, sk: string) => Item | undefined;
  /**
   * Milliseconds every request waits before it is answered (default 0): a DynamoDB round trip, so
   * a run shows how the pipeline overlaps its requests rather than only what its CPU costs.
   */
  latencyMs?: number;
  /**
   * Count read and write request units as DynamoDB bills them (item sizes rounded up to 4 KB per
   * read, half for eventually consistent reads; 1 KB per write, the larger of the old and new item,
   * plus the index write; a failed condition still costs its write). Off by default: sizing every
   * item is work the CPU-only runs should not be charged.
   */
  units?: boolean;
}

type Input = Record<string, unknown> & {
  TableName?: string;
  Key?: Item;
  Item?: Item;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Values;
  ReturnValues?: string;
};

/**
 * An in-process stand-in for the DynamoDB document client, for the benchmark only (tests use
 * dynalite): it answers exactly the commands the stores send — BatchGet, BatchWrite, Get, Put,
 * Update, Delete, Query (table and `gsi1`) — over Maps, with DynamoDB's rules where they change
 * request counts (100 keys per BatchGet, 25 writes per BatchWrite, no duplicate keys in a batch,
 * 1 MB Query pages, conditional writes). It counts every request and every written partition key,
 * so the REAL store classes run unchanged and the count is what they would send to DynamoDB.
 * Unknown commands or expressions throw: a store that needs more fails loudly, never miscounted.
 *
 * @example
 * const dynamo = new InProcessDynamo();
 * const store = new DynamoJobStore(dynamo.client, 'bench');
 * await store.put(job);
 * dynamo.counts().byCommand; // { PutCommand: 1 }
 */
export class InProcessDynamo {
  readonly counter: RequestCounter;
  /** The stand-in typed as the document client the stores take. */
  readonly client: DynamoDBDocumentClient;
  private readonly partitions = new Map<string, Map<string, Item>>();
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly gsi = new Map<string, Map<string, Item>>();
  private readonly retain: (pk: string) => boolean;
  private readonly fallback: ((pk: string, sk: string) => Item | undefined) | undefined;
  private readonly latencyMs: number;
  private readonly units: boolean;
  private itemCount = 0;

  constructor(options: InProcessDynamoOptions = {}) {
    this.counter = new RequestCounter(options.trackKeys ?? true);
    this.retain = options.retain ?? (() => true);
    this.fallback = options.fallback;
    this.latencyMs = options.latencyMs ?? 0;
    this.units = options.units ?? false;
    this.client = { send: (command: unknown) => this.send(command) } as unknown as DynamoDBDocumentClient;
    useBatchClient(this.client, { send: (call) => this.sendBatch(call) });
  }

  /** Counts so far. */
  counts(): RequestCounts {
    return this.counter.snapshot();
  }

  /** Items currently held. */
  get size(): number {
    return this.itemCount;
  }

  /** Deletes every item whose partition key starts with one of `prefixes` (set-up between runs, not counted). */
  forget(prefixes: readonly string[]): void {
    for (const [pk, partition] of this.partitions) {
      if (!prefixes.some((prefix) => pk.startsWith(prefix))) continue;
      for (const [sk, item] of partition) this.unindex(item, pk, sk);
      this.itemCount -= partition.size;
      this.partitions.delete(pk);
      this.sortedKeys.delete(pk);
    }
  }

  /** Answers the product's batch calls (items marshalled once, `shared/stores/batch.ts`), counted as the document client's. */
  private async sendBatch(call: BatchCall): Promise<BatchOutput> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const input = call.input as unknown as Input;
    if (call.operation === 'BatchGetItem') {
      this.counter.request('BatchGetCommand');
      return wireGetOutput(this.batchGet(wireGetInput(input))) as BatchOutput;
    }
    if (call.operation === 'Query') {
      this.counter.request('QueryCommand');
      const { ExpressionAttributeValues: values, ExclusiveStartKey: start, ...rest } = input;
      const out = (await this.query({
        ...rest,
        ExpressionAttributeValues: plainItem(values as Wire),
        ...(start ? { ExclusiveStartKey: plainItem(start as Wire) } : {}),
      } as Input)) as { Count: number; LastEvaluatedKey?: Item };
      const last = out.LastEvaluatedKey;
      return { Count: out.Count, ...(last ? { LastEvaluatedKey: wireItem(last) } : {}) } as BatchOutput;
    }
    this.counter.request('BatchWriteCommand');
    return this.batchWrite(wireWriteInput(input)) as BatchOutput;
  }

  /** Dispatches one command by its class name (lib-dynamodb and client-dynamodb names alike). */
  async send(command: unknown): Promise<unknown> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const name = (command as { constructor: { name: string } }).constructor.name;
    const input = (command as { input: Input }).input;
    switch (name) {
      case 'CreateTableCommand':
      case 'DescribeTableCommand':
        // Table set-up is not part of any measured run and is not counted.
        return { Table: { TableStatus: 'ACTIVE' }, TableDescription: { TableStatus: 'ACTIVE' } };
      case 'BatchGetCommand':
        this.counter.request(name);
        return this.batchGet(input);
      case 'BatchWriteCommand':
        this.counter.request(name);
        return this.batchWrite(input);
      case 'GetCommand':
        this.counter.request(name);
        return this.get(input);
      case 'PutCommand':
        this.counter.request(name);
        return this.put(input);
      case 'UpdateCommand':
        this.counter.request(name);
        return this.update(input);
      case 'DeleteCommand':
        this.counter.request(name);
        return this.delete(input);
      case 'QueryCommand':
        this.counter.request(name);
        return this.query(input);
      default:
        throw new UnsupportedExpressionError(`InProcessDynamo: ${name} is not supported`);
    }
  }

  private keyOf(key: Item | undefined): [string, string] {
    const pk = key?.[PK];
    const sk = key?.[SK];
    if (typeof pk !== 'string' || typeof sk !== 'string' || pk === '' || sk === '') {
      throw new Error('ValidationException: the key must have non-empty string pk and sk');
    }
    return [pk, sk];
  }

  private read(pk: string, sk: string, consistent: unknown): Item | undefined {
    this.counter.read(pk, sk);
    const item = this.partitions.get(pk)?.get(sk) ?? this.fallback?.(pk, sk);
    if (this.units) this.counter.readUnits(readUnits(item ? itemSize(item) : 0, consistent === true));
    return item;
  }

  private store(pk: string, sk: string, next: Item | undefined): Item | undefined {
    let partition = this.partitions.get(pk);
    const previous = partition?.get(sk);
    this.counter.write(pk, sk, !sameItem(previous, next));
    if (this.units) this.counter.writeUnits(writeUnits(previous, next));
    if (previous) this.unindex(previous, pk, sk);
    if (next === undefined || !this.retain(pk)) {
      if (previous && partition) {
        partition.delete(sk);
        this.itemCount -= 1;
        this.sortedKeys.delete(pk);
        if (partition.size === 0) this.partitions.delete(pk);
      }
      return previous;
    }
    if (!partition) {
      partition = new Map();
      this.partitions.set(pk, partition);
    }
    partition.set(sk, next);
    if (!previous) {
      this.itemCount += 1;
      this.sortedKeys.delete(pk);
    }
    this.index(next, pk, sk);
    return previous;
  }

  private index(item: Item, pk: string, sk: string): void {
    const gpk = item[gsi1.partitionKey];
    if (typeof gpk !== 'string' || typeof item[gsi1.sortKey] !== 'string') return;
    let entries = this.gsi.get(gpk);
    if (!entries) {
      entries = new Map();
      this.gsi.set(gpk, entries);
    }
    entries.set(`${pk}\u0000${sk}`, item);
  }

  private unindex(item: Item, pk: string, sk: string): void {
    const gpk = item[gsi1.partitionKey];
    if (typeof gpk === 'string') this.gsi.get(gpk)?.delete(`${pk}\u0000${sk}`);
  }

  private check(input: Input, existing: Item | undefined): void {
    if (!input.ConditionExpression) return;
    const cond = parseCondition(input.ConditionExpression, input.ExpressionAttributeNames);
    if (!evaluate(cond, existing, input.ExpressionAttributeValues)) {
      if (this.units) this.counter.writeUnits(1);
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
  }

  private batchGet(input: Input): unknown {
    const requestItems = (input.RequestItems ?? {}) as Record<
      string,
      {
        Keys: Item[];
        ProjectionExpression?: string;
        ExpressionAttributeNames?: Names;
        ConsistentRead?: boolean;
      }
    >;
    const responses: Record<string, Item[]> = {};
    let total = 0;
    for (const [table, request] of Object.entries(requestItems)) {
      const seen = new DuplicateKeys();
      const found: Item[] = [];
      for (const key of request.Keys) {
        const [pk, sk] = this.keyOf(key);
        seen.add(pk, sk);
        total += 1;
        const item = this.read(pk, sk, request.ConsistentRead);
        if (item) found.push(project(item, request.ProjectionExpression, request.ExpressionAttributeNames));
      }
      responses[table] = found;
    }
    if (total > BATCH_GET_MAX)
      throw new Error('ValidationException: Too many items requested for the BatchGetItem call');
    return { Responses: responses, UnprocessedKeys: {} };
  }

  private batchWrite(input: Input): unknown {
    const requestItems = (input.RequestItems ?? {}) as Record<
      string,
      Array<{ PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }>
    >;
    let total = 0;
    for (const requests of Object.values(requestItems)) {
      const seen = new DuplicateKeys();
      for (const request of requests) {
        const [pk, sk] = this.keyOf(request.PutRequest?.Item ?? request.DeleteRequest?.Key);
        seen.add(pk, sk);
        total += 1;
      }
    }
    if (total > BATCH_WRITE_MAX)
      throw new Error('ValidationException: Too many items in the BatchWriteItem call');
    for (const requests of Object.values(requestItems)) {
      for (const request of requests) {
        if (request.PutRequest) {
          const [pk, sk] = this.keyOf(request.PutRequest.Item);
          this.store(pk, sk, { ...request.PutRequest.Item });
        } else {
          const [pk, sk] = this.keyOf(request.DeleteRequest?.Key);
          this.store(pk, sk, undefined);
        }
      }
    }
    return { UnprocessedItems: {} };
  }

  private get(input: Input): unknown {
    const [pk, sk] = this.keyOf(input.Key);
    const item = this.read(pk, sk, input.ConsistentRead);
    return item
      ? {
          Item: project(
            item,
            input.ProjectionExpression as string | undefined,
            input.ExpressionAttributeNames,
          ),
        }
      : {};
  }

  private put(input: Input): unknown {
    const [pk, sk] = this.keyOf(input.Item);
    const existing = this.partitions.get(pk)?.get(sk);
    this.check(input, existing);
    const previous = this.store(pk, sk, { ...(input.Item as Item) });
    return input.ReturnValues === 'ALL_OLD' && previous ? { Attributes: previous } : {};
  }

  private update(input: Input): unknown {
    const [pk, sk] = this.keyOf(input.Key);
    const existing = this.partitions.get(pk)?.get(sk);
    this.check(input, existing);
    if (typeof input.UpdateExpression !== 'string')
      throw new UnsupportedExpressionError('update: UpdateExpression is required');
    const actions = parseUpdate(input.UpdateExpression, input.ExpressionAttributeNames);
    const next = applyUpdate(actions, existing ?? { [PK]: pk, [SK]: sk }, input.ExpressionAttributeValues);
    this.store(pk, sk, next);
    if (input.ReturnValues === 'ALL_NEW' || input.ReturnValues === 'UPDATED_NEW') return { Attributes: next };
    if (input.ReturnValues === 'ALL_OLD' || input.ReturnValues === 'UPDATED_OLD')
      return existing ? { Attributes: existing } : {};
    return {};
  }

  private delete(input: Input): unknown {
    const [pk, sk] = this.keyOf(input.Key);
    const existing = this.partitions.get(pk)?.get(sk);
    this.check(input, existing);
    // Deleting a missing item is still one request and one (empty) write in DynamoDB.
    this.store(pk, sk, undefined);
    return input.ReturnValues === 'ALL_OLD' && existing ? { Attributes: existing } : {};
  }

  private query(input: Input): unknown {
    if (typeof input.KeyConditionExpression !== 'string') {
      throw new UnsupportedExpressionError('query: KeyConditionExpression is required');
    }
    const names = input.ExpressionAttributeNames;
    const values = input.ExpressionAttributeValues;
    const onIndex = input.IndexName !== undefined;
    if (onIndex && input.IndexName !== gsi1.name)
      throw new Error(`ValidationException: unknown index ${String(input.IndexName)}`);
    const hashName = onIndex ? gsi1.partitionKey : PK;
    const rangeName = onIndex ? gsi1.sortKey : SK;
    const keyCond = parseCondition(input.KeyConditionExpression, names);
    const hashValue = findHashValue(keyCond, hashName, values);
    let candidates: Item[];
    if (onIndex) {
      candidates = [...(this.gsi.get(hashValue)?.values() ?? [])].sort((a, b) => {
        const c = compare(String(a[rangeName]), String(b[rangeName]));
        return c !== 0 ? c : compare(`${a[PK]}\u0000${a[SK]}`, `${b[PK]}\u0000${b[SK]}`);
      });
    } else {
      const partition = this.partitions.get(hashValue);
      candidates = partition ? this.sorted(hashValue, partition).map((sk) => partition.get(sk) as Item) : [];
    }
    if (input.ScanIndexForward === false) candidates.reverse();
    let start = 0;
    const startKey = input.ExclusiveStartKey as Item | undefined;
    if (startKey) {
      const at = candidates.findIndex((item) => item[PK] === startKey[PK] && item[SK] === startKey[SK]);
      start = at === -1 ? candidates.length : at + 1;
    }
    const filter =
      typeof input.FilterExpression === 'string' ? parseCondition(input.FilterExpression, names) : undefined;
    const limit = typeof input.Limit === 'number' ? input.Limit : Number.POSITIVE_INFINITY;
    const items: Item[] = [];
    let scanned = 0;
    let bytes = 0;
    let last: Item | undefined;
    let i = start;
    for (; i < candidates.length && scanned < limit && bytes < PAGE_BYTES; i += 1) {
      const item = candidates[i] as Item;
      if (!evaluate(keyCond, item, values)) continue;
      scanned += 1;
      bytes += itemSize(item);
      last = item;
      if (!filter || evaluate(filter, item, values)) {
        items.push(project(item, input.ProjectionExpression as string | undefined, names));
      }
    }
    if (this.units) this.counter.readUnits(readUnits(bytes, input.ConsistentRead === true));
    const more = last !== undefined && hasMore(candidates, i, keyCond, values);
    const lastKey = more && last ? lastEvaluatedKey(last, onIndex) : undefined;
    return {
      Items: input.Select === 'COUNT' ? undefined : items,
      Count: items.length,
      ScannedCount: scanned,
      ...(lastKey ? { LastEvaluatedKey: lastKey } : {}),
    };
  }

  private sorted(pk: string, partition: Map<string, Item>): string[] {
    let keys = this.sortedKeys.get(pk);
    if (!keys) {
      keys = [...partition.keys()].sort(compare);
      this.sortedKeys.set(pk, keys);
    }
    return keys;
  }
}

/** Read request units of `bytes` read at once (one item, or one Query page). */
function readUnits(bytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / 4096));
  return consistent ? units : units / 2;
}

/** Write request units of replacing `previous` by `next`, with the index write when either is indexed. */
function writeUnits(previous: Item | undefined, next: Item | undefined): number {
  const size = Math.max(previous ? itemSize(previous) : 0, next ? itemSize(next) : 0);
  const units = Math.max(1, Math.ceil(size / 1024));
  const indexed = (item: Item | undefined) =>
    item !== undefined && typeof item[gsi1.partitionKey] === 'string';
  return indexed(previous) || indexed(next) ? units * 2 : units;
}

function hasMore(
  candidates: Item[],
  from: number,
  keyCond: ReturnType<typeof parseCondition>,
  values: Values,
): boolean {
  for (let i = from; i < candidates.length; i += 1) {
    if (evaluate(keyCond, candidates[i], values)) return true;
  }
  return false;
}

function lastEvaluatedKey(item: Item, onIndex: boolean): Item {
  const key: Item = { [PK]: item[PK], [SK]: item[SK] };
  if (onIndex) {
    key[gsi1.partitionKey] = item[gsi1.partitionKey];
    key[gsi1.sortKey] = item[gsi1.sortKey];
  }
  return key;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function findHashValue(cond: ReturnType<typeof parseCondition>, hashName: string, values: Values): string {
  if (cond.k === 'and') {
    try {
      return findHashValue(cond.a, hashName, values);
    } catch {
      return findHashValue(cond.b, hashName, values);
    }
  }
  if (
    cond.k === 'cmp' &&
    cond.op === '=' &&
    cond.a.k === 'path' &&
    cond.a.path.length === 1 &&
    cond.a.path[0] === hashName &&
    cond.b.k === 'value'
  ) {
    const v = values?.[cond.b.name];
    if (typeof v === 'string') return v;
  }
  throw new UnsupportedExpressionError(`query: the key condition must test ${hashName} = :value`);
}

function project(item: Item, projection: string | undefined, names: Names): Item {
  if (!projection) return { ...item };
  const out: Item = {};
  for (const raw of projection.split(',')) {
    const name = raw.trim();
    const resolved = name.startsWith('#') ? names?.[name] : name;
    if (resolved === undefined || resolved.includes('.') || resolved.includes('[')) {
      throw new UnsupportedExpressionError('projection: only top-level attribute names are supported');
    }
    if (item[resolved] !== undefined) out[resolved] = item[resolved];
  }
  return out;
}

function sameItem(a: Item | undefined, b: Item | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

/** DynamoDB refuses a batch naming one key twice; checked without building a string per key. */
class DuplicateKeys {
  private readonly byPk = new Map<string, string | Set<string>>();

  add(pk: string, sk: string): void {
    const seen = this.byPk.get(pk);
    const duplicate = seen === undefined ? false : typeof seen === 'string' ? seen === sk : seen.has(sk);
    if (duplicate) throw new Error('ValidationException: Provided list of item keys contains duplicates');
    if (seen === undefined) this.byPk.set(pk, sk);
    else if (typeof seen === 'string') this.byPk.set(pk, new Set([seen, sk]));
    else seen.add(sk);
  }
}

type Wire = Record<string, AttributeValue>;

/**
 * DynamoDB's own side of the wire format (it parses what the client marshalled): the attribute
 * types the stores write, converted directly (util-dynamodb's generic walk cost the CPU-only runs
 * as much as the stores' own work); binary values go through util-dynamodb.
 */
function fromWire(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.L !== undefined) return value.L.map(fromWire);
  if (value.M !== undefined) return plainItem(value.M);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.SS !== undefined) return new Set(value.SS);
  if (value.NS !== undefined) return new Set(value.NS.map(Number));
  return unmarshall({ value }).value;
}

function plainItem(wire: Wire): Item {
  const item: Item = {};
  for (const name in wire) item[name] = fromWire(wire[name] as AttributeValue);
  return item;
}

function toWire(value: unknown): AttributeValue {
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      return { N: String(value) };
    case 'boolean':
      return { BOOL: value };
    default:
      if (value === null) return { NULL: true };
      if (Array.isArray(value)) return { L: value.map(toWire) };
      if (value instanceof Set || value instanceof Uint8Array)
        return marshall({ value }).value as AttributeValue;
      return { M: wireItem(value as Item) };
  }
}

function wireItem(item: Item): Wire {
  const wire: Wire = {};
  for (const name in item) if (item[name] !== undefined) wire[name] = toWire(item[name]);
  return wire;
}

/** A low-level BatchGetItem input as the document client would have sent it (plain keys). */
function wireGetInput(input: Input): Input {
  const tables = (input.RequestItems ?? {}) as Record<string, { Keys: Wire[] }>;
  const plain: Record<string, unknown> = {};
  for (const [table, request] of Object.entries(tables))
    plain[table] = { ...request, Keys: request.Keys.map(plainItem) };
  return { ...input, RequestItems: plain } as Input;
}

function wireGetOutput(output: unknown): unknown {
  const { Responses } = output as { Responses: Record<string, Item[]> };
  const wire: Record<string, Wire[]> = {};
  for (const [table, items] of Object.entries(Responses)) wire[table] = items.map(wireItem);
  return { Responses: wire, UnprocessedKeys: {} };
}

/** A low-level BatchWriteItem input with plain items. */
function wireWriteInput(input: Input): Input {
  const tables = (input.RequestItems ?? {}) as Record<
    string,
    Array<{ PutRequest?: { Item: Wire }; DeleteRequest?: { Key: Wire } }>
  >;
  const plain: Record<string, unknown> = {};
  for (const [table, requests] of Object.entries(tables))
    plain[table] = requests.map((r) =>
      r.PutRequest
        ? { PutRequest: { Item: plainItem(r.PutRequest.Item) } }
        : { DeleteRequest: { Key: plainItem(r.DeleteRequest?.Key ?? {}) } },
    );
  return { ...input, RequestItems: plain } as Input;
}
