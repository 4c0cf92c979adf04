/** A list's metadata (CONTRACT.md lists routes). */
export interface ListMeta {
  listId: string;
  name: string;
  /** `aam`, `aep`, a generic file's source, or `api` for lists made through the API. */
  source: string;
  segmentId?: string;
  /** Exact count of committed members. */
  size: number;
  updatedAt: string;
}

/** A member: a recipient, or an address-only member (decrypted declared ID without a recipient). */
export interface Member {
  recipientId?: string;
  address?: string;
  channel?: 'email' | 'sms';
}

/** Reading side of the list store, what export and the API need. */
export interface ListReader {
  get(listId: string): Promise<ListMeta | undefined>;
  list(): Promise<ListMeta[]>;
  /** One page of committed members, in a stable order. */
  members(
    listId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ members: Member[]; cursor?: string }>;
  /** Number of shards a list's members are spread over; `scanShard` reads one of them. */
  readonly shardCount: number;
  /** Streams the committed members of one shard, in batches (export reads shards in parallel). */
  scanShard(listId: string, shard: number): AsyncIterable<Member[]>;
}
