import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { runScheduledExports } from '../../shared/exports/index.ts';
import { sweepInbound } from '../../shared/ingest/index.ts';
import { logger } from '../../shared/logging/index.ts';
import { exportPortsOf } from '../exportPorts.ts';
import { ingestPortsOf } from '../ingestPorts.ts';
import { getRuntime } from '../runtime.ts';

/**
 * Scheduled trigger (EventBridge, or the local stack's timer): starts the export of every
 * `scheduled` shared audience not already running, re-enqueues drops whose notification was
 * lost, queues every rule list's materialisation and deletes expired audit records and list change-log items. One failing does not stop the others.
 */
export const handler = middy<ScheduledEvent, void>()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const runtime = getRuntime();
    const [exports, sweep, rules, audit, changeLog] = await Promise.allSettled([
      runScheduledExports(exportPortsOf(runtime)),
      sweepInbound(ingestPortsOf(runtime)),
      runtime.ruleLists.queueAll(),
      runtime.auditRetention.sweep(),
      runtime.changeLogRetention.sweep(),
    ]);
    if (exports.status === 'fulfilled') {
      logger.info('scheduled exports', {
        started: exports.value.started.length,
        skipped: exports.value.skipped.length,
      });
    }
    if (sweep.status === 'fulfilled') logger.info('inbound sweep', { ...sweep.value });
    if (rules.status === 'fulfilled') logger.info('rule lists queued', { queued: rules.value.length });
    if (audit.status === 'fulfilled') logger.info('expired audit records deleted', { deleted: audit.value });
    if (changeLog.status === 'fulfilled') {
      logger.info('expired change-log items deleted', { deleted: changeLog.value });
    }
    const failed = [exports, sweep, rules, audit, changeLog].find((r) => r.status === 'rejected');
    if (failed && failed.status === 'rejected') throw failed.reason;
  });
