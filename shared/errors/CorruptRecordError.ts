import { AppError } from './AppError.ts';

/**
 * A stored record (job, lease, checkpoint) that does not match its schema: named with its key and
 * field where it is read, rather than failing three calls later. Our data, not the caller's
 * mistake: a bare 500, the message in the logs.
 */
export class CorruptRecordError extends AppError {
  readonly code = 'internal';
  readonly statusCode = 500;
  override readonly expose = false;
}
