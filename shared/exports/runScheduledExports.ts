import { ConflictError } from '../errors/index.ts';
import { logger } from '../logging/index.ts';
import type { SharedAudienceStore } from '../sharedAudiences/index.ts';
import { type StartExportPorts, startExport } from './startExport.ts';

/** Starting exports, and the shared audiences to look through. */
export interface ScheduledExportPorts extends StartExportPorts {
  sharedAudiences: Pick<SharedAudienceStore, 'get' | 'list'>;
}

/**
 * Starts an export of every shared audience whose schedule is `scheduled`, skipping one whose
 * previous export still holds the lease (two runs of one export never overlap).
 *
 * @example
 * const { started, skipped } = await runScheduledExports(exportPortsOf(runtime));
 */
export async function runScheduledExports(
  ports: ScheduledExportPorts,
): Promise<{ started: string[]; skipped: string[] }> {
  const started: string[] = [];
  const skipped: string[] = [];
  for (const audience of await ports.sharedAudiences.list()) {
    if (audience.schedule !== 'scheduled') continue;
    try {
      const { jobId } = await startExport(ports, { sharedAudience: audience.name }, 'schedule');
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
