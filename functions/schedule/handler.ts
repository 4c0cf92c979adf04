import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { runScheduledExports } from '../../shared/exports/index.ts';
import { logger } from '../../shared/logging/index.ts';
import { getRuntime } from '../runtime.ts';

/**
 * Scheduled trigger (EventBridge, or the local stack's timer): starts the export of every
 * `scheduled` shared audience not already running.
 */
export const handler = middy<ScheduledEvent, { started: string[]; skipped: string[] }>()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const runtime = getRuntime();
    const exports = await runScheduledExports(runtime);
    logger.info('scheduled exports started', {
      started: exports.started.length,
      skipped: exports.skipped.length,
    });
    return exports;
  });
