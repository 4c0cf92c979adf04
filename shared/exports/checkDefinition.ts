import { type AesKey, type DataSource, DEFAULT_GOVERNANCE } from '../datasources/types.ts';
import { NotFoundError, ValidationError } from '../errors/index.ts';
import { globalDpidOf } from '../identifiers/index.ts';
import type { SharedAudienceDefinition } from '../sharedAudiences/index.ts';
import type { ExportSources } from './ExportSources.ts';

/**
 * Checks that what a shared audience names exists and fits: the list, the data source, a DPID for
 * an AAM inbound file, AES key material for an encrypted source. With `loadKey` it also returns
 * the source's current AES key (export time; at definition time only its presence is checked).
 *
 * @example
 * const { dataSource } = await checkDefinition(sources, definition);
 */
export async function checkDefinition(
  sources: ExportSources,
  definition: SharedAudienceDefinition,
  options: { loadKey?: boolean; prefix?: string } = {},
): Promise<{ dataSource: DataSource; currentKey?: AesKey; targetDpid?: number }> {
  const field = (name: string) => (options.prefix ? `${options.prefix}.${name}` : name);
  const list = await sources.lists.get(definition.listId);
  if (!list) throw new NotFoundError(`${field('listId')}: no such list`, { field: field('listId') });
  const device = await deviceSource(sources, definition, field);
  if (device) return device;
  const dataSource = await sources.dataSources.get(definition.dataSource);
  if (!dataSource) {
    throw new NotFoundError(`${field('dataSource')}: no such data source`, { field: field('dataSource') });
  }
  if (definition.format === 'aam-inbound' && dataSource.dpid === undefined) {
    throw new ValidationError(
      `${field('dataSource')}: an aam-inbound export needs a data source with a dpid`,
      {
        field: field('dataSource'),
      },
    );
  }
  if (dataSource.encoding !== 'aes-cbc') return { dataSource };
  if (!options.loadKey) {
    if (!dataSource.hasKey) {
      throw new ValidationError(`${field('dataSource')}: the aes-cbc data source has no key`, {
        field: field('dataSource'),
      });
    }
    return { dataSource };
  }
  const [currentKey] = await sources.dataSources.keys(definition.dataSource);
  if (!currentKey) {
    throw new ValidationError(`${field('dataSource')}: the aes-cbc data source has no key`, {
      field: field('dataSource'),
    });
  }
  return { dataSource, currentKey };
}

/**
 * A device-ID export: `dataSource` names a global data source's namespace (`gaid` → DPID 20914).
 * Its IDs are the recipients' linked device IDs, written raw; an AAM inbound file names the owner's
 * DPID too (FORMATS.md: `ftp_dpm_20914_<DPID_TARGET_DATA_OWNER>_<ts>.sync`).
 */
async function deviceSource(
  sources: ExportSources,
  definition: SharedAudienceDefinition,
  field: (name: string) => string,
): Promise<{ dataSource: DataSource; targetDpid?: number } | undefined> {
  const dpid = globalDpidOf(definition.dataSource);
  if (dpid === undefined) return undefined;
  const owner = definition.owner === undefined ? undefined : await sources.dataSources.get(definition.owner);
  const dataSource: DataSource = {
    name: definition.dataSource,
    kind: 'visitor',
    dpid,
    reconciliationKey: 'recipientId',
    encoding: 'plain',
    channel: 'other',
    forceReconciliation: false,
    importEnabled: true,
    // The IDs are the owner's customers' devices: the owner's governance applies.
    governance: owner?.governance ?? DEFAULT_GOVERNANCE,
    hasKey: false,
    updatedAt: '',
  };
  if (definition.format !== 'aam-inbound') return { dataSource };
  if (owner?.dpid === undefined) {
    throw new ValidationError(
      `${field('owner')}: an aam-inbound export of device IDs needs its owner's data source, with a dpid`,
      { field: field('owner') },
    );
  }
  return { dataSource, targetDpid: owner.dpid };
}
