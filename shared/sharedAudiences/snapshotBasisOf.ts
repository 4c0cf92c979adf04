import type { SharedAudienceDefinition } from './SharedAudience.ts';

/**
 * The part of a definition a snapshot depends on: the written IDs and rows change when the
 * format, the data source or the trait does, so a snapshot taken under another basis is not
 * diffed against (the next export is a new baseline).
 *
 * @example
 * snapshotBasisOf(definition) // → 'aam-inbound|crm_email|42'
 */
export function snapshotBasisOf(d: SharedAudienceDefinition): string {
  return `${d.format}|${d.dataSource}|${d.traitId ?? ''}`;
}
