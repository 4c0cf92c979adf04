import { ConflictError } from '../errors/index.ts';
import type { ExportResult } from './ExportFiles.ts';
import type { ExportPorts } from './ExportPorts.ts';
import type { ExportWriter } from './ExportWriter.ts';
import type { ExportPlan } from './planExport.ts';
import type { WrittenFile } from './SplitFileWriter.ts';

/**
 * Publish and report: the data files appear under their final names only once all are complete,
 * the `.info` that lists them after them; then the result (receipt, keys) is written to
 * `receipts/`, and the snapshot published with one conditional write (a retry finds it and only
 * finishes the job). The staging prefix goes last.
 */
export async function publishExport(
  ports: Pick<ExportPorts, 'files' | 'sharedAudiences'>,
  plan: ExportPlan,
  writer: ExportWriter,
  written: { files: WrittenFile[]; withoutId: WrittenFile[] },
): Promise<ExportResult> {
  const { receipt } = writer;
  const { files } = written;
  const outputKeys =
    files.length > 0 ? await ports.files.publish(files, plan.names.folder, plan.names.info) : [];
  if (files.length === 0) receipt.warnings = ['nothing to write: no file was produced'];
  receipt.files = files.map((f) => f.name);
  const result: ExportResult = {
    receipt,
    outputKeys,
    ...(written.withoutId.length > 0 ? { withoutIdKey: writer.withoutIdKey } : {}),
  };
  await ports.files.writeResult(plan.jobId, result);
  if (plan.stored) {
    const ok = await ports.sharedAudiences.publishSnapshot(plan.name, plan.published, {
      generation: plan.generation,
      jobId: plan.jobId,
      basis: plan.basis,
    });
    if (!ok)
      throw new ConflictError('sharedAudience: another export published a snapshot meanwhile', {
        field: 'sharedAudience',
      });
  }
  await ports.files.removeStaging(plan.names.tmpFolder);
  return result;
}
