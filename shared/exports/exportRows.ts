import type { SharedAudienceDefinition } from '../sharedAudiences/index.ts';
import { neutraliseCell } from './neutraliseCell.ts';

/** How one export writes its rows. */
export interface ExportRows {
  header?: string;
  /** A member that has (or gets) the trait. */
  add(id: string): string;
  /** A member that loses the trait (incremental removals). */
  remove(id: string): string;
}

function csvField(raw: string): string {
  const value = neutraliseCell(raw);
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Row writers per format. AAM inbound (FORMATS.md): `<ID>\td_sid=<trait>` to add,
 * `<ID>\td_unsid=<trait>` to remove. CSV: header `id,namespace,status`, the namespace being the
 * data source's name and the status `realized` (member) or `exited` (removed), as AEP writes it.
 *
 * @example
 * exportRows({ format: 'aam-inbound', traitId: '42', … }).add('123') // → '123\td_sid=42'
 */
export function exportRows(definition: SharedAudienceDefinition): ExportRows {
  if (definition.format === 'csv') {
    const namespace = csvField(definition.dataSource);
    return {
      header: 'id,namespace,status',
      add: (id) => `${csvField(id)},${namespace},realized`,
      remove: (id) => `${csvField(id)},${namespace},exited`,
    };
  }
  const trait = definition.traitId ?? '';
  return { add: (id) => `${id}\td_sid=${trait}`, remove: (id) => `${id}\td_unsid=${trait}` };
}
