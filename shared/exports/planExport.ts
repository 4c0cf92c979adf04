import { NotFoundError } from '../errors/index.ts';
import type { Job } from '../jobs/index.ts';
import { type SharedAudienceDefinition, snapshotBasisOf } from '../sharedAudiences/index.ts';
import { checkDefinition } from './checkDefinition.ts';
import { parseExportCheckpoint } from './ExportCheckpoint.ts';
import type { ExportResult } from './ExportFiles.ts';
import type { ExportPorts } from './ExportPorts.ts';
import { type ExportFileNames, exportFileNames } from './exportFileNames.ts';
import { type ExportRows, exportRows } from './exportRows.ts';
import type { IdPolicy } from './resolveExportId.ts';

/** What one export attempt settles before it reads a member. */
export interface ExportPlan {
  jobId: string;
  /** The shared audience's name. */
  name: string;
  definition: SharedAudienceDefinition;
  /** A stored shared audience keeps a snapshot (diffed, then published); an inline export has none. */
  stored: boolean;
  /** The generation of the published snapshot (0: none). */
  published: number;
  /** The published snapshot was written with the same format, data source and trait. */
  sameBasis: boolean;
  /** Write only the changes since the published snapshot (incremental on the same basis). */
  diff: boolean;
  /** The snapshot generation this attempt writes. */
  generation: number;
  basis: string;
  names: ExportFileNames;
  rows: ExportRows;
  policy: IdPolicy;
}

/**
 * Select: the definition (stored, or the inline one in the job), its data source and key, and the
 * names and mode of this attempt. A retry of an attempt that already published gets its result.
 */
export async function planExport(
  ports: ExportPorts,
  job: Job,
): Promise<{ plan: ExportPlan } | { done: ExportResult }> {
  const name = job.source?.sharedAudience ?? '';
  const checkpoint = parseExportCheckpoint(job);
  const stored = checkpoint.definition ? undefined : await ports.sharedAudiences.get(name);
  const definition = checkpoint.definition ?? stored;
  if (!definition)
    throw new NotFoundError(`sharedAudience: no shared audience ${name}`, { field: 'sharedAudience' });
  // A previous attempt published this very job's snapshot: its files and receipt are complete.
  if (stored && stored.snapshot.jobId === job.jobId) return { done: await ports.files.readResult(job.jobId) };

  const { dataSource, currentKey, targetDpid } = await checkDefinition(ports.sources, definition, {
    loadKey: true,
  });
  const mode = checkpoint.mode ?? definition.mode;
  const basis = snapshotBasisOf(definition);
  const published = stored?.snapshot.generation ?? 0;
  const sameBasis = published > 0 && stored?.snapshot.basis === basis;
  const names = exportFileNames({
    sharedAudience: name,
    inline: stored === undefined,
    jobId: job.jobId,
    createdAt: job.createdAt,
    format: definition.format,
    dpid: dataSource.dpid,
    targetDpid,
    sync: mode === 'incremental',
    gzip: definition.gzip,
  });
  const policy: IdPolicy = {
    dataSource,
    currentKey,
    audience: {
      purpose: definition.purpose,
      consent: 'opt-out',
      excludedLabels: definition.excludedLabels ?? [],
    },
  };
  return {
    plan: {
      jobId: job.jobId,
      name,
      definition,
      stored: stored !== undefined,
      published,
      sameBasis,
      diff: mode === 'incremental' && sameBasis,
      generation: stored ? await ports.sharedAudiences.nextGeneration(name) : 0,
      basis,
      names,
      rows: exportRows(definition),
      policy,
    },
  };
}
