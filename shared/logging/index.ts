export { logger } from './logger.ts';
export { REDACTED, redact, redactString } from './redact.ts';
