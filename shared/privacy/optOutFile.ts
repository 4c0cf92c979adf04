import type { SentIds } from './sentIds.ts';

/**
 * The opt-out file of one shared audience: `outbound/<name>/date=<yyyy-mm-dd>/optout_<10-digit
 * unix ts>_<erasureId>.sync`, one ID per line with no trait, which an AAM inbound file reads as
 * "remove this ID" (FORMATS.md). Its own name, so it never takes the name of an export's file.
 *
 * @example
 * optOutFile({ sharedAudience: 'crm', ids: ['5a…'], entries: [] }, 'e-1', new Date(0))
 * // → { key: 'outbound/crm/date=1970-01-01/optout_0000000000_e-1.sync', body: '5a…\n' }
 */
export function optOutFile(sent: SentIds, erasureId: string, at: Date): { key: string; body: string } {
  const ts = String(Math.floor(at.getTime() / 1000)).padStart(10, '0');
  const date = at.toISOString().slice(0, 10);
  return {
    key: `outbound/${sent.sharedAudience}/date=${date}/optout_${ts}_${erasureId}.sync`,
    body: sent.ids.map((id) => `${id}\n`).join(''),
  };
}
