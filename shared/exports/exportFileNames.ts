/** Where and under which names one export run writes its files. */
export interface ExportFileNames {
  /** `outbound/<sharedAudience>/date=YYYY-MM-DD/` (`outbound/_inline/<name>/…` for an inline export) */
  folder: string;
  /** `staging/outbound/<sharedAudience>/<jobId>/`: data parts are staged here, then copied (expired after a day by the bucket's lifecycle). */
  tmpFolder: string;
  /** The name shared by the data files, `.info` and companion file (`ftp_dpm_<DPID>_<ts>`). */
  base: string;
  /** Name of data file number `split` (numbered from 1; `undefined` when not split). */
  dataFile(split: number | undefined): string;
  /** The `.info` control file's name. */
  info: string;
}

/**
 * File names of an export, fixed by the job's creation time so a retried job rewrites the same
 * names. AAM inbound (FORMATS.md): `ftp_dpm_<DPID>_<10-digit unix ts>(.sync|.overwrite)[.<split>][.gz]`.
 * CSV: `<sharedAudience>_<10-digit unix ts>[_<split>].csv[.gz]`.
 *
 * @example
 * exportFileNames({ sharedAudience: 'crm', jobId: 'export:crm:1', createdAt: '2026-11-26T09:00:00.000Z',
 *   format: 'aam-inbound', dpid: 163, sync: true, gzip: true }).dataFile(2)
 * // → 'ftp_dpm_163_1795683600.sync.2.gz'
 */
export function exportFileNames(options: {
  sharedAudience: string;
  /** An inline export: its own folder, which no stored audience's name can reach (they never start with `_`). */
  inline?: boolean;
  jobId: string;
  createdAt: string;
  format: 'aam-inbound' | 'csv';
  dpid?: number;
  /** The data owner's DPID of a device-ID export (`ftp_dpm_20914_<owner>_<ts>`). */
  targetDpid?: number;
  /** `.sync` (incremental changes) rather than `.overwrite`. */
  sync: boolean;
  gzip: boolean;
}): ExportFileNames {
  const created = new Date(options.createdAt);
  const ts = String(Math.floor(created.getTime() / 1000)).padStart(10, '0');
  const date = created.toISOString().slice(0, 10);
  const gz = options.gzip ? '.gz' : '';
  const root = `outbound/${options.inline ? '_inline/' : ''}${options.sharedAudience}/`;
  const folder = `${root}date=${date}/`;
  const tmpFolder = `staging/${root}${options.jobId.replace(/[^A-Za-z0-9._-]/g, '_')}/`;
  if (options.format === 'csv') {
    const base = `${options.sharedAudience}_${ts}`;
    return {
      folder,
      tmpFolder,
      base,
      dataFile: (split) => `${base}${split === undefined ? '' : `_${split}`}.csv${gz}`,
      info: `${base}.info`,
    };
  }
  const target = options.targetDpid === undefined ? '' : `_${options.targetDpid}`;
  const base = `ftp_dpm_${options.dpid ?? 0}${target}_${ts}`;
  const suffix = options.sync ? '.sync' : '.overwrite';
  return {
    folder,
    tmpFolder,
    base,
    dataFile: (split) => `${base}${suffix}${split === undefined ? '' : `.${split}`}${gz}`,
    info: `${base}.info`,
  };
}
