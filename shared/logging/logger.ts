import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import { redact, redactString } from './redact.ts';

type UnformattedAttributes = Parameters<LogFormatter['formatAttributes']>[0];

/** Powertools' structure, with every message and attribute passed through `redact`. */
class RedactingLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: redactString(attributes.message),
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_name: attributes.lambdaContext?.functionName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(redact(additional) as LogAttributes);
  }
}

/**
 * Never logs whole invocation events, whatever `POWERTOOLS_LOGGER_LOG_EVENT` or a middleware option
 * says: an event's body, raw path and query carry recipient IDs, attributes and other values that
 * no pattern can recognise (docs/security.md).
 */
class EventlessLogger extends Logger {
  override shouldLogEvent(_overwriteValue?: boolean): boolean {
    return false;
  }
}

/**
 * The project's one logger: structured JSON (Powertools), personal data redacted by field name
 * and by pattern before anything is written; invocation events are never logged.
 *
 * @example
 * logger.info('drop applied', { jobId, linesRead: 120 });
 */
export const logger: Logger = new EventlessLogger({
  serviceName: 'audience-bridge',
  logFormatter: new RedactingLogFormatter(),
});
