import type { IdRef } from '../identifiers/types.ts';
import type { ReceiptFormat, ReceiptMode } from '../jobs/index.ts';

/** What the file name (then the content) says about a drop. */
export interface DropInfo {
  format: ReceiptFormat;
  mode: ReceiptMode;
  /** Where its segments' lists come from: `aam`, `aep`, or a generic file's `source`. */
  source: string;
  /** The file's own timestamp (ms since epoch), from its name; orders drops and finds stale `full` files. */
  timestamp?: number;
  /** DPIDs of the name: MASTER_DPID first (AAM outbound, ID-sync), DPID [, TARGET_DPID] (AAM inbound). */
  dpids: number[];
  /** Split part number, when the drop is one of several files. */
  split?: number;
  /** The file name without its split part and `.gz` (groups the parts of a split drop). */
  dropName: string;
  gzip: boolean;
  /** The segment the whole file is about, when its name says it (AEP: `_segment<ID>_`). */
  segmentId?: string;
  /** AAM inbound device form (`ftp_dpm_odc_…`): rows start with a platform column (`idfa`, `gaid`). */
  device?: boolean;
}

/**
 * One parsed line. IDs keyed by a DPID use the namespace `dpid:<n>`; the pipeline resolves it
 * (a data source with that DPID, else `ecid` in segment files or `dpid:<n>`/`aam_uuid` in ID-sync files).
 */
export type ParsedRecord =
  | {
      kind: 'membership';
      id: IdRef;
      add: string[];
      remove: string[];
      /** The row's own list source (generic files' `source` column); else the drop's `DropInfo.source`. */
      source?: string;
    }
  | { kind: 'links'; ids: IdRef[] }
  | {
      kind: 'recipient';
      recipientId: string;
      email?: string;
      phone?: string;
      attributes: Record<string, string>;
    };

/** A line that does not parse: the reason names the field or column, never the value. */
export interface LineError {
  reason: string;
  /** The file cannot be used at all (a header with no identity column): the job fails whole. */
  wholeFile?: true;
}

/**
 * A push-style parser core: one call per non-blank line (header included; the parser skips it and
 * returns `null`). Never throws for bad input.
 */
export interface LineParser {
  parseLine(line: string, lineNumber: number): ParsedRecord | LineError | null;
}
