import * as z from 'zod';

/** A shared audience's name: used in S3 keys, job IDs and table keys, so kept to a safe alphabet. */
export const sharedAudienceNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'expected 1-100 letters, digits, ".", "_" or "-"');

/**
 * What a shared audience says (`PUT /v1/shared-audiences/{name}` body): which list, keyed by which
 * data source, in which format and mode, and what must never leave (consent purpose, labels).
 */
export const sharedAudienceDefinitionSchema = z
  .object({
    listId: z.string().min(1).max(512),
    dataSource: z.string().min(1).max(200),
    format: z.enum(['aam-inbound', 'csv']),
    mode: z.enum(['full', 'incremental']),
    traitId: z
      .string()
      .regex(/^[0-9]{1,20}$/, 'expected a numeric trait ID')
      .optional(),
    schedule: z.enum(['manual', 'scheduled']).default('manual'),
    gzip: z.boolean().default(false),
    splitLines: z.number().int().min(1).max(100_000_000).optional(),
    purpose: z.string().min(1).max(100).optional(),
    excludedLabels: z.array(z.string().min(1).max(100)).max(100).optional(),
    partner: z.string().min(1).max(200).optional(),
    /**
     * A device-ID export (`dataSource` a global data source's namespace: `gaid`, `idfa`, …): the
     * customer's own data source (with a DPID) that owns the IDs; an AAM inbound file is then
     * named `ftp_dpm_<global DPID>_<owner DPID>_<ts>.sync`.
     */
    owner: z.string().min(1).max(200).optional(),
    /** Where each export's files are delivered after publish (`PUT /v1/destinations/{name}`). */
    destination: sharedAudienceNameSchema.optional(),
  })
  .refine((d) => d.format !== 'aam-inbound' || d.traitId !== undefined, {
    message: 'required when format is aam-inbound',
    path: ['traitId'],
  });

export type SharedAudienceDefinition = z.output<typeof sharedAudienceDefinitionSchema>;

/** Which published snapshot an incremental export diffs against (0: none yet). */
export interface SnapshotState {
  /** Generation of the published snapshot; 0 when nothing was exported yet. */
  generation: number;
  /** The export job that published it (a retried job that finds itself here only finishes up). */
  jobId?: string;
  /** `dataSource`/`traitId`/`format` the snapshot was written with; a change starts a new baseline. */
  basis?: string;
}

/** A stored shared audience. */
export interface SharedAudience extends SharedAudienceDefinition {
  name: string;
  updatedAt: string;
  snapshot: SnapshotState;
}
