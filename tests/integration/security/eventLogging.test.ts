import { afterEach, describe, expect, it } from 'vitest';
import { logger } from '../../../shared/logging/index.ts';
import { type CapturedOutput, captureOutput } from './captureOutput.ts';

describe('logger', () => {
  let output: CapturedOutput | undefined;
  afterEach(() => output?.restore());

  it('never logs an invocation event when event logging is asked for', () => {
    output = captureOutput();
    const event = { rawPath: '/v1/recipients/cust-10001', body: '{"attributes":{"tier":"gold"}}' };
    logger.logEventIfEnabled(event, true);
    logger.logEventIfEnabled(event);
    logger.info('marker line');
    const text = output.text();
    expect(text).toContain('marker line');
    expect(text).not.toContain('cust-10001');
    expect(text).not.toContain('Lambda invocation event');
  });
});
