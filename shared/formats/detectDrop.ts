import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { isGzip } from '../lines/isGzip.ts';
import type { DropInfo } from './types.ts';

// File-name patterns of FORMATS.md. Liberal where partners vary: the outbound split may follow the
// timestamp directly (FORMATS.md) or after `-`/`_`; the alias may contain underscores.
const AAM_OUTBOUND =
  /^([A-Za-z0-9]+)_(\d+)_(\d+)(?:_(.+?))?_(iter|full)_(\d{13})(?:[-_]?(\d{3,}))?\.sync(\.gz)?$/;
const AAM_INBOUND = /^ftp_dpm_(odc_)?(\d+)(?:_(\d+))?_(\d{10})\.(sync|overwrite)(?:\.(\d+))?(\.gz)?$/;
const ID_SYNC = /^(adobe_id_|c2c_id_)?((?:\d+_){2,})(\d{10})\.sync(?:\.(\d+))?(\.gz)?$/;
const AEP_CSV = /^(.+)_segment([A-Za-z0-9-]+)_(\d{14})(?:_(\d+))?\.csv(\.gz)?$/;
const GENERIC_FULL = /[._-]full\.(?:csv|ndjson|jsonl|json)(?:\.gz)?$/i;

/** The prefix under which recipient (profile) CSV loads are dropped (CONTRACT.md "Bucket layout"). */
export const RECIPIENTS_PREFIX = 'inbound/recipients/';

/**
 * Says what a dropped object is, from its key first and then its first bytes (`head`, possibly
 * gzipped: it is gunzipped to look). Gzip is decided by the magic bytes, never by the name.
 * Returns `{ error }` (a reason without personal data) when no parser accepts the file: an empty
 * file, an `.info` control file, or a name no pattern matches whose content is neither a generic
 * CSV (header with `id`, `namespace`, `segment`) nor NDJSON. See docs/formats.md.
 *
 * @example
 * detectDrop('inbound/S3_1234_20914_XYZCustomer_iter_1486140844000.sync.gz', head)
 * // { format: 'aam-outbound', mode: 'incremental', source: 'aam', dpids: [20914],
 * //   timestamp: 1486140844000, dropName: 'S3_1234_20914_XYZCustomer_iter_1486140844000.sync', gzip: true }
 */
export function detectDrop(key: string, head: Buffer): DropInfo | { error: string } {
  const name = key.slice(key.lastIndexOf('/') + 1);
  if (head.length === 0) return { error: 'empty file' };
  const gzip = isGzip(head);
  if (/\.info$/i.test(name)) return { error: 'control file (.info): not a data file' };

  const outbound = AAM_OUTBOUND.exec(name);
  if (outbound) {
    const [, sync, did, master, alias, kind, ts, split] = outbound;
    return {
      format: 'aam-outbound',
      mode: kind === 'full' ? 'full' : 'incremental',
      source: 'aam',
      dpids: [Number(master)],
      timestamp: Number(ts),
      ...(split ? { split: Number(split) } : {}),
      dropName: `${sync}_${did}_${master}${alias ? `_${alias}` : ''}_${kind}_${ts}.sync`,
      gzip,
    };
  }

  const inbound = AAM_INBOUND.exec(name);
  if (inbound) {
    const [, odc, dpid, target, ts, kind, split] = inbound;
    return {
      format: 'aam-inbound',
      mode: kind === 'overwrite' ? 'overwrite' : 'sync',
      source: 'aam',
      dpids: target ? [Number(dpid), Number(target)] : [Number(dpid)],
      timestamp: Number(ts) * 1000,
      ...(split ? { split: Number(split) } : {}),
      dropName: `ftp_dpm_${odc ?? ''}${dpid}${target ? `_${target}` : ''}_${ts}.${kind}`,
      gzip,
      ...(odc ? { device: true } : {}),
    };
  }

  const idSync = ID_SYNC.exec(name);
  if (idSync) {
    const [, prefix, dpidList = '', ts, split] = idSync;
    return {
      format: 'aam-idsync',
      mode: 'sync',
      source: 'aam',
      dpids: dpidList.slice(0, -1).split('_').map(Number),
      timestamp: Number(ts) * 1000,
      ...(split ? { split: Number(split) } : {}),
      dropName: `${prefix ?? ''}${dpidList}${ts}.sync`,
      gzip,
    };
  }

  const aep = AEP_CSV.exec(name);
  if (aep) {
    const [, destination, segmentId, ts = '', split] = aep;
    const timestamp = Date.UTC(
      Number(ts.slice(0, 4)),
      Number(ts.slice(4, 6)) - 1,
      Number(ts.slice(6, 8)),
      Number(ts.slice(8, 10)),
      Number(ts.slice(10, 12)),
      Number(ts.slice(12, 14)),
    );
    return {
      format: 'aep-csv',
      // Nothing in an AEP file tells the first (backfill) export from later incremental ones, and
      // reading a partial file as `full` would empty the list: exits come as `exited` rows instead.
      mode: 'incremental',
      source: 'aep',
      dpids: [],
      timestamp,
      ...(split ? { split: Number(split) } : {}),
      dropName: `${destination}_segment${segmentId}_${ts}.csv`,
      gzip,
      segmentId,
    };
  }

  const plainName = name.replace(/\.gz$/i, '');
  if (key.startsWith(RECIPIENTS_PREFIX) && /\.csv$/i.test(plainName)) {
    return {
      format: 'recipients-csv',
      mode: 'incremental',
      source: 'campaign',
      dpids: [],
      dropName: plainName,
      gzip,
    };
  }

  const firstLine = readFirstLine(head, gzip);
  if (firstLine === undefined) return { error: 'gzip: the head of the file is not readable gzip data' };
  const mode: DropInfo['mode'] = GENERIC_FULL.test(name) ? 'full' : 'incremental';
  const generic = { mode, source: 'generic', dpids: [] as number[], dropName: plainName, gzip };
  const byName = /\.(ndjson|jsonl)$/i.test(plainName)
    ? 'ndjson'
    : /\.csv$/i.test(plainName)
      ? 'csv'
      : undefined;
  const byContent = sniffContent(firstLine);
  if (byContent === 'empty') return { error: 'empty file' };
  if (byContent) return { format: byContent, ...generic };
  if (byName === 'csv') {
    return { error: 'csv: the header row must name the columns id, namespace and segment' };
  }
  if (byName === 'ndjson') return { error: 'ndjson: the first line is not a JSON object' };
  return {
    error:
      'unknown format: the name matches no partner pattern (AAM outbound, AAM inbound, ID-sync, AEP) and the content is neither a generic CSV (header id,namespace,segment) nor NDJSON',
  };
}

/** The first non-blank line of the head (gunzipped when needed), BOM dropped; undefined if gzip is unreadable. */
function readFirstLine(head: Buffer, gzip: boolean): string | undefined {
  let bytes = head;
  if (gzip) {
    try {
      // The head is a prefix of the file: flush what is there instead of requiring the gzip end.
      bytes = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return undefined;
    }
  }
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  for (const line of text.split('\n')) {
    if (line.trim() !== '') return line.replace(/\r$/, '');
  }
  return '';
}

function sniffContent(firstLine: string): 'csv' | 'ndjson' | 'empty' | undefined {
  const trimmed = firstLine.trim();
  if (trimmed === '') return 'empty';
  if (trimmed.startsWith('{')) return 'ndjson';
  const columns = new Set(trimmed.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase()));
  if (columns.has('id') && columns.has('namespace') && columns.has('segment')) return 'csv';
  return undefined;
}
