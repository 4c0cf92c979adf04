import type { Readable } from 'node:stream';
import type { DeliveryFile } from './PartnerStorage.ts';

/** A file of a published export: where it is in our bucket, and what it must be at the partner. */
export interface PublishedFile extends DeliveryFile {
  key: string;
}

/** The published files of an export, as a delivery reads them (our bucket's `outbound/`). */
export interface PublishedExport {
  /**
   * The files of an export's output keys in the order a partner expects them: the data files, then
   * the `.info` control file last; sizes and MD5s from the `.info` (its own from its bytes).
   */
  files(outputKeys: readonly string[]): Promise<PublishedFile[]>;
  /** The bytes of one published file. */
  open(key: string): Promise<Readable>;
}
