import { isDigits } from './isDigits.ts';
import type { DropInfo, LineError, LineParser, ParsedRecord } from './types.ts';

/** Segment ID a row with no traits removes: "this ID leaves every segment of the file". */
export const ALL_SEGMENTS = '*';

const DEVICE_PLATFORMS = new Set(['idfa', 'gaid']);

/**
 * Parser for AAM inbound (shared-audience) rows `<ID>\t<trait>,<trait>,…` (FORMATS.md), as a
 * partner or our own export writes them. Trait forms and the segment IDs they give:
 * `d_sid=N` / bare `N` → add `N`; `d_unsid=N`, `N:0`, `N:-1` → remove `N`; `ic=code` → add
 * `ic=code` (kept apart from numeric IDs); `"k"="v"`, `k = "v"`, `k=v` → add `k=v` (quotes and
 * spaces around `=` dropped). Commas inside quotes do not split. An ID with no traits is removed
 * from every segment: `remove: ['*']`. Device files (`ftp_dpm_odc_…`) start rows with a platform
 * column (`idfa`/`gaid`), which becomes the ID's namespace; otherwise it is `dpid:<DPID>`.
 *
 * @example
 * createAamInboundParser(info).parseLine('abc\td_sid=5, 6:0, "color"="red"', 1)
 * // { kind: 'membership', id: { namespace: 'dpid:21', value: 'abc' }, add: ['5', 'color=red'], remove: ['6'] }
 */
export function createAamInboundParser(info: DropInfo): LineParser {
  const dpidNamespace = `dpid:${info.dpids[0] ?? 0}`;
  const device = info.device === true;
  return {
    parseLine(line: string): ParsedRecord | LineError {
      let rest = line;
      let namespace = dpidNamespace;
      if (device) {
        const tab = line.indexOf('\t');
        const platform = (tab === -1 ? line : line.slice(0, tab)).trim().toLowerCase();
        if (!DEVICE_PLATFORMS.has(platform)) return { reason: 'platform: expected idfa or gaid' };
        if (tab === -1) return { reason: 'id: missing after the platform column' };
        namespace = platform;
        rest = line.slice(tab + 1);
      }
      const tab = rest.indexOf('\t');
      const id = (tab === -1 ? rest : rest.slice(0, tab)).trim();
      if (id === '') return { reason: 'id: empty' };
      const traits = tab === -1 ? '' : rest.slice(tab + 1);
      const add: string[] = [];
      const remove: string[] = [];
      const error = parseTraits(traits, add, remove);
      if (error) return error;
      if (add.length === 0 && remove.length === 0) remove.push(ALL_SEGMENTS);
      return { kind: 'membership', id: { namespace, value: id }, add, remove };
    },
  };
}

function parseTraits(field: string, add: string[], remove: string[]): LineError | undefined {
  if (field.indexOf('\t') !== -1)
    return { reason: 'traits: unexpected tab (one ID and one trait list per row)' };
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= field.length; i += 1) {
    const c = i < field.length ? field.charCodeAt(i) : 44;
    if (c === 34) quoted = !quoted;
    else if (c === 44 && !quoted) {
      const error = parseTrait(field.slice(start, i).trim(), add, remove);
      if (error) return error;
      start = i + 1;
    }
  }
  if (quoted) return { reason: 'traits: unterminated quote' };
  return undefined;
}

function parseTrait(trait: string, add: string[], remove: string[]): LineError | undefined {
  if (trait === '') return undefined;
  if (isDigits(trait)) {
    add.push(trait);
    return undefined;
  }
  const equals = indexOutsideQuotes(trait, 61);
  if (equals === -1) {
    const colon = trait.indexOf(':');
    if (colon !== -1 && isDigits(trait.slice(0, colon))) {
      const flag = trait.slice(colon + 1).trim();
      if (flag !== '0' && flag !== '-1')
        return { reason: 'traits: a trait suffix must be :0 or :-1 (removal)' };
      remove.push(trait.slice(0, colon));
      return undefined;
    }
    return { reason: 'traits: unrecognised trait form' };
  }
  const key = unquote(trait.slice(0, equals).trim());
  const value = unquote(trait.slice(equals + 1).trim());
  if (key === '') return { reason: 'traits: key-value trait with an empty key' };
  if (key === 'd_sid' || key === 'd_unsid') {
    if (!isDigits(value)) return { reason: `traits: ${key} must be numeric` };
    (key === 'd_sid' ? add : remove).push(value);
    return undefined;
  }
  if (value === '') return { reason: 'traits: key-value trait with an empty value' };
  add.push(`${key}=${value}`);
  return undefined;
}

function indexOutsideQuotes(text: string, code: number): number {
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === code && !quoted) return i;
  }
  return -1;
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}
