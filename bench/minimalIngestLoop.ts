import { type Timed, timeLines } from './baselineRead.ts';
import { benchRecipientId, MATCH_SHARE, rowMatches, visitorId } from './generate/index.ts';

function isDigits(value: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i += 1) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The least work an ingest of an AAM outbound drop must do per row, written by hand with no store,
 * no receipt, no rejected file and no object per row: the baseline's read, then split the line at
 * its spaces, check the ID (38 digits) and the segments (digits), look the ID up ONCE among the
 * known IDs (the reconcile) and, per segment, look the recipient up in that segment's member map
 * and insert or delete it (the delta, counted in `changes`). Not the product: a yardstick. Any
 * ingest that looks each row's ID up by a string key, as every DynamoDB request names it, does at
 * least this, so its ratio to the baseline bounds `ingest.ratioToBaseline` on this machine.
 *
 * @example
 * const known = knownVisitors(8, 100_000);
 * const floor = await minimalIngestLoop('bench/data/seed8-100000/S3_…sync.gz', known);
 */
export async function minimalIngestLoop(
  path: string,
  known: ReadonlyMap<string, string>,
): Promise<Timed & { changes: number }> {
  const members = new Map<string, Map<string, true>>();
  const memberMap = (segment: string) => {
    let map = members.get(segment);
    if (!map) {
      map = new Map();
      members.set(segment, map);
    }
    return map;
  };
  let changes = 0;
  const timed = await timeLines(path, true, (line) => {
    const first = line.indexOf(' ');
    if (first !== 38 || !isDigits(line, 0, 38)) return;
    const recipient = known.get(line.slice(0, 38));
    if (recipient === undefined) return;
    const second = line.indexOf(' ', first + 1);
    const addEnd = second === -1 ? line.length : second;
    for (let start = first + 1; start < addEnd; ) {
      const comma = line.indexOf(',', start);
      const end = comma === -1 || comma > addEnd ? addEnd : comma;
      if (!isDigits(line, start, end)) return;
      const map = memberMap(line.slice(start, end));
      if (!map.has(recipient)) {
        map.set(recipient, true);
        changes += 1;
      }
      start = end + 1;
    }
    if (second !== -1 && isDigits(line, second + 1, line.length)) {
      if (memberMap(line.slice(second + 1)).delete(recipient)) changes += 1;
    }
  });
  return { ...timed, changes };
}

/** The visitor IDs `seedIdentities` links for the first `rows` rows, with their recipients. */
export function knownVisitors(seed: number, rows: number): Map<string, string> {
  const known = new Map<string, string>();
  for (let i = 0; i < rows; i += 1)
    if (rowMatches(seed, i, MATCH_SHARE)) known.set(visitorId(seed, i), benchRecipientId(i));
  return known;
}
