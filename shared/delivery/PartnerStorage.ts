import type { Readable } from 'node:stream';

/** One file of a delivery: its name at the partner, size and MD5 (hex) as published. */
export interface DeliveryFile {
  name: string;
  bytes: number;
  md5: string;
}

/**
 * The partner's storage, as a delivery sees it (an S3 location or an SFTP folder). `put` must
 * make a file appear whole or not at all under its final name, and verify it there before it
 * returns; `holds` tells a resumed delivery whether a file it was writing when it died arrived.
 */
export interface PartnerStorage {
  /** Where `name` lands: `s3://bucket/key` or `sftp://user@host:port/path`, as receipts show it. */
  locationOf(name: string): string;
  /** Whether `file` is at the partner, whole: its size and MD5 match. */
  holds(file: DeliveryFile): Promise<boolean>;
  /** Uploads `file` from `body` under its final name and verifies it; throws when it cannot. */
  put(file: DeliveryFile, body: () => Promise<Readable>): Promise<void>;
  /** Closes the connection, if any. */
  close(): Promise<void>;
}
