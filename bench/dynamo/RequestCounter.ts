/** DynamoDB's own per-request limits, the floor every store is measured against. */
export const BATCH_GET_MAX = 100;
export const BATCH_WRITE_MAX = 25;

/** What a store sent, in DynamoDB's own terms. */
export interface RequestCounts {
  /** Requests by command name (BatchGetCommand, PutCommand, …). */
  byCommand: Record<string, number>;
  requests: number;
  /** Distinct item keys read (Get, BatchGet): the lookups the minimum is built from. */
  lookups: number;
  /** Item reads including repeats (a key read twice counts twice). */
  itemReads: number;
  /** Item writes sent (put, update, delete), whether or not they changed anything. */
  itemWrites: number;
  /** Read request units billed (see `InProcessDynamo`'s `units` option; 0 when not counted). */
  readUnits: number;
  /** Write request units billed, index writes included. */
  writeUnits: number;
  /** Distinct items whose stored value actually changed. */
  changedItems: number;
  /** ceil(lookups / 100) BatchGetItem + ceil(changedItems / 25) BatchWriteItem. */
  minimumRequests: number;
  requestRatio: number;
  /** The partition key with the most item writes, and its share of all item writes. */
  hottestKey: string | null;
  hottestKeyWrites: number;
  hottestKeyShare: number;
  partitionKeysWritten: number;
}

/**
 * Counts requests, distinct lookups, changed items and writes per partition key. With
 * `trackKeys: false` only the request counts are kept (the memory runs use that, so the counter's
 * own sets do not show in the process's RSS).
 */
export class RequestCounter {
  private byCommand: Record<string, number> = {};
  private requests = 0;
  private itemReads = 0;
  private itemWrites = 0;
  private readUnitsSum = 0;
  private writeUnitsSum = 0;
  /** Distinct keys read, by partition: one sort key as a string (the common case), more as a Set. */
  private readonly readKeys = new Map<string, string | Set<string>>();
  private distinctReads = 0;
  private readonly changedKeys = new Set<string>();
  private readonly writesByPk = new Map<string, number>();
  /**
   * Keys read and written since the last snapshot, as flat `pk, sk` pairs: logged during the timed
   * run (an array push), tallied into the sets above by `snapshot()`, after the timer, so the
   * counter's own hashing of 100,000s of keys is not charged to the measured core.
   */
  private readLog: string[] = [];
  private writeLog: string[] = [];
  private changedLog: boolean[] = [];

  constructor(private readonly trackKeys = true) {}

  request(command: string): void {
    this.requests += 1;
    this.byCommand[command] = (this.byCommand[command] ?? 0) + 1;
  }

  read(pk: string, sk: string): void {
    this.itemReads += 1;
    if (this.trackKeys) this.readLog.push(pk, sk);
  }

  readUnits(units: number): void {
    this.readUnitsSum += units;
  }

  writeUnits(units: number): void {
    this.writeUnitsSum += units;
  }

  write(pk: string, sk: string, changed: boolean): void {
    this.itemWrites += 1;
    if (!this.trackKeys) return;
    this.writeLog.push(pk, sk);
    this.changedLog.push(changed);
  }

  /** Tallies the logged keys (outside the timed region). */
  private tally(): void {
    const reads = this.readLog;
    for (let i = 0; i < reads.length; i += 2) this.tallyRead(reads[i] as string, reads[i + 1] as string);
    const writes = this.writeLog;
    for (let i = 0; i < writes.length; i += 2) {
      const pk = writes[i] as string;
      this.writesByPk.set(pk, (this.writesByPk.get(pk) ?? 0) + 1);
      if (this.changedLog[i / 2]) this.changedKeys.add(`${pk}\u0000${writes[i + 1]}`);
    }
    this.readLog = [];
    this.writeLog = [];
    this.changedLog = [];
  }

  private tallyRead(pk: string, sk: string): void {
    // No key concatenation: one sort key per partition is the common case.
    const seen = this.readKeys.get(pk);
    if (seen === undefined) {
      this.readKeys.set(pk, sk);
      this.distinctReads += 1;
    } else if (typeof seen === 'string') {
      if (seen !== sk) {
        this.readKeys.set(pk, new Set([seen, sk]));
        this.distinctReads += 1;
      }
    } else if (!seen.has(sk)) {
      seen.add(sk);
      this.distinctReads += 1;
    }
  }

  reset(): void {
    this.byCommand = {};
    this.requests = 0;
    this.itemReads = 0;
    this.itemWrites = 0;
    this.readUnitsSum = 0;
    this.writeUnitsSum = 0;
    this.readKeys.clear();
    this.distinctReads = 0;
    this.changedKeys.clear();
    this.writesByPk.clear();
    this.readLog = [];
    this.writeLog = [];
    this.changedLog = [];
  }

  snapshot(): RequestCounts {
    this.tally();
    let hottestKey: string | null = null;
    let hottestKeyWrites = 0;
    for (const [pk, n] of this.writesByPk) {
      if (n > hottestKeyWrites) {
        hottestKey = pk;
        hottestKeyWrites = n;
      }
    }
    const lookups = this.distinctReads;
    const changedItems = this.changedKeys.size;
    const minimumRequests = Math.ceil(lookups / BATCH_GET_MAX) + Math.ceil(changedItems / BATCH_WRITE_MAX);
    return {
      byCommand: { ...this.byCommand },
      requests: this.requests,
      lookups,
      itemReads: this.itemReads,
      itemWrites: this.itemWrites,
      readUnits: this.readUnitsSum,
      writeUnits: this.writeUnitsSum,
      changedItems,
      minimumRequests,
      requestRatio: minimumRequests === 0 ? 0 : this.requests / minimumRequests,
      hottestKey,
      hottestKeyWrites,
      hottestKeyShare: this.itemWrites === 0 ? 0 : hottestKeyWrites / this.itemWrites,
      partitionKeysWritten: this.writesByPk.size,
    };
  }
}
