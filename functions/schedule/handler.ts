import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { runScheduledExports } from '../../shared/exports/index.ts';
import { sweepInbound } from '../../shared/ingest/index.ts';
import { logger } from '../../shared/logging/index.ts';
import { getRuntime } from '../runtime.ts';

/**
 * Scheduled trigger (EventBridge, or the local stack's timer): starts the export of every
 * `scheduled` shared audience not already running, then re-enqueues drops whose notification
 * was lost. One failing does not stop the other.
 */
export const handler = middy<ScheduledEvent, void>()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const runtime = getRuntime();
    const [exports, sweep] = await Promise.allSettled([runScheduledExports(runtime), sweepInbound(runtime)]);
    if (exports.status === 'fulfilled') {
      logger.info('scheduled exports', {
        started: exports.value.started.length,
        skipped: exports.value.skipped.length,
      });
    }
    if (sweep.status === 'fulfilled') logger.info('inbound sweep', { ...sweep.value });
    const failed = [exports, sweep].find((r) => r.status === 'rejected');
    if (failed && failed.status === 'rejected') throw failed.reason;
  });
