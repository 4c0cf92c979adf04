/** A held lease: who holds what until when, plus opaque data the holder keeps with it. */
export interface Lease {
  resource: string;
  holder: string;
  /** Milliseconds since epoch after which anyone may take the lease over. */
  expiresAt: number;
  data: Record<string, unknown>;
}

/** What `acquire` found: the lease now held, and the expired lease of another holder it replaced. */
export interface Acquired {
  lease: Lease;
  /** Set when an expired lease of another holder was taken over (its data says what it left behind). */
  takenOver?: Lease;
  /** Set when the caller already held it (a resumed run): the data it stored. */
  resumed?: Lease;
}

/**
 * Mutual exclusion between jobs without transactions: a conditional put of one item per
 * resource, with an expiry so a crashed holder cannot block the resource forever.
 */
export interface LeaseStore {
  /** Takes the lease, or returns `undefined` when another holder's unexpired lease is there. */
  acquire(
    resource: string,
    holder: string,
    ttlMs: number,
    data?: Record<string, unknown>,
  ): Promise<Acquired | undefined>;
  /** Extends (and optionally updates the data of) a lease still held; false when it was lost. */
  renew(resource: string, holder: string, ttlMs: number, data?: Record<string, unknown>): Promise<boolean>;
  /** Gives the lease up; a no-op when it is no longer held by `holder`. */
  release(resource: string, holder: string): Promise<void>;
}
