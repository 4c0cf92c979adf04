import { ConflictError } from '../errors/index.ts';
import { logger } from '../logging/index.ts';
import type { Runtime } from '../runtime/index.ts';
import { startExport } from './startExport.ts';

/**
 * Starts an export of every shared audience whose schedule is `scheduled`, skipping one whose
 * previous export still holds the lease (two runs of one export never overlap).
 *
 * @example
 * const { started, skipped } = await runScheduledExports(runtime);
 */
export async function runScheduledExports(
  runtime: Runtime,
): Promise<{ started: string[]; skipped: string[] }> {
  const started: string[] = [];
  const skipped: string[] = [];
  for (const audience of await runtime.sharedAudiences.list()) {
    if (audience.schedule !== 'scheduled') continue;
    try {
      const { jobId } = await startExport(runtime, { sharedAudience: audience.name }, 'schedule');
      started.push(jobId);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      logger.info('scheduled export skipped: the previous one is still running', {
        sharedAudience: audience.name,
      });
      skipped.push(audience.name);
    }
  }
  return { started, skipped };
}
