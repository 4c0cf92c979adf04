import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';

/**
 * Typed factories for partner drop files (FORMATS.md): names, rows and whole bodies, built in code
 * so each test says what it feeds instead of pasting blobs.
 */

/** A valid 38-digit visitor ID (ECID): both 19-digit halves stay under 2^63. */
export function ecid(n: number): string {
  return `1234567890123456789${String(n).padStart(19, '0')}`;
}

/** A 38-digit value whose first half is over 2^63 − 1: an invalid visitor ID. */
export const INVALID_ECID = `9999999999999999999${'0'.repeat(19)}`;

export interface AamOutboundNameOptions {
  sync?: string;
  did?: number;
  masterDpid?: number;
  alias?: string;
  kind?: 'iter' | 'full';
  timestampMs?: number;
  split?: string;
  gz?: boolean;
}

/** `<SYNC>_<DID>_<MASTER_DPID>[_<ALIAS>]_<iter|full>_<13-digit ts><split>.sync[.gz]`. */
export function aamOutboundName(options: AamOutboundNameOptions = {}): string {
  const {
    sync = 'S3',
    did = 1234,
    masterDpid = 55555,
    alias,
    kind = 'iter',
    timestampMs = 1486140844000,
  } = options;
  return `${sync}_${did}_${masterDpid}${alias ? `_${alias}` : ''}_${kind}_${timestampMs}${options.split ?? ''}.sync${options.gz ? '.gz' : ''}`;
}

/** `<ID><SP><seg,…><SP><removed,…>`; the removed list (and its space) only when given. */
export function aamOutboundRow(
  id: string,
  add: Array<string | number>,
  remove?: Array<string | number>,
): string {
  return remove === undefined ? `${id} ${add.join(',')}` : `${id} ${add.join(',')} ${remove.join(',')}`;
}

export interface AamInboundNameOptions {
  dpid?: number;
  targetDpid?: number;
  device?: boolean;
  timestampS?: number;
  kind?: 'sync' | 'overwrite';
  split?: number;
  gz?: boolean;
}

/** `ftp_dpm_[odc_]<DPID>[_<TARGET>]_<10-digit ts>(.sync|.overwrite)[.<split>][.gz]`. */
export function aamInboundName(options: AamInboundNameOptions = {}): string {
  const {
    dpid = 21,
    targetDpid,
    device = false,
    timestampS = 1486140844,
    kind = 'sync',
    split,
    gz,
  } = options;
  return `ftp_dpm_${device ? 'odc_' : ''}${dpid}${targetDpid === undefined ? '' : `_${targetDpid}`}_${timestampS}.${kind}${split === undefined ? '' : `.${split}`}${gz ? '.gz' : ''}`;
}

/** `<ID>\t<trait>,<trait>,…` (`<platform>\t<ID>\t…` for device files); no tab when no traits. */
export function aamInboundRow(id: string, traits: string[], platform?: string): string {
  const row = traits.length === 0 ? id : `${id}\t${traits.join(',')}`;
  return platform === undefined ? row : `${platform}\t${row}`;
}

/** `[adobe_id_|c2c_id_]<MASTER_DPID>_<DPID>…_<10-digit ts>.sync`. */
export function idSyncName(
  dpids: number[],
  options: { prefix?: 'adobe_id_' | 'c2c_id_'; timestampS?: number } = {},
): string {
  return `${options.prefix ?? ''}${dpids.join('_')}_${options.timestampS ?? 1486140844}.sync`;
}

/** `<destination>_segment<segmentID>_<yyyymmddhhmmss>[_<n>].csv`. */
export function aepName(
  segmentId: string,
  options: { destination?: string; stamp?: string; split?: number } = {},
): string {
  const { destination = 'Campaign_Destination', stamp = '20240102030405', split } = options;
  return `${destination}_segment${segmentId}_${stamp}${split === undefined ? '' : `_${split}`}.csv`;
}

/** One CSV line, quoting fields that need it. */
export function csvRow(fields: Array<string | number>): string {
  return fields
    .map((field) => {
      const text = String(field);
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',');
}

export interface BodyOptions {
  eol?: '\n' | '\r\n';
  /** Default true. */
  finalNewline?: boolean;
  bom?: boolean;
  gzip?: boolean;
}

/** Joins lines into a file body: line ends, final newline, BOM and gzip as asked. */
export function fileBody(lines: string[], options: BodyOptions = {}): Buffer {
  const eol = options.eol ?? '\n';
  let text = lines.join(eol);
  if (options.finalNewline !== false && lines.length > 0) text += eol;
  let body: Buffer = Buffer.from(options.bom ? `\ufeff${text}` : text, 'utf8');
  if (options.gzip) body = gzipSync(body);
  return body;
}

/** The body served in chunks of `size` bytes (exercises lines, BOMs and UTF-8 split across chunks). */
export async function* chunked(body: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

/** The body as a Node Readable (what an S3 GetObject or a file stream gives). */
export function readable(body: Buffer, highWaterMark = 16_384): Readable {
  return Readable.from(chunked(body, highWaterMark));
}

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** An AAM `.info` control file describing the given data files, totals computed (override to break them). */
export function controlFileJson(
  files: Array<{
    FileName: string;
    FileSequenceNumber: number;
    FileByteSize: number;
    FileLineCount: number;
    md5: string;
  }>,
  totals?: Partial<{ TotalNumberFiles: number; TotalNumberLines: number; TotalByteSize: number }>,
): string {
  return JSON.stringify({
    Files: files,
    Totals: {
      TotalNumberFiles: files.length,
      TotalNumberLines: files.reduce((sum, file) => sum + file.FileLineCount, 0),
      TotalByteSize: files.reduce((sum, file) => sum + file.FileByteSize, 0),
      ...totals,
    },
  });
}
