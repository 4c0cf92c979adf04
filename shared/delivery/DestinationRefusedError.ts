import { AppError } from '../errors/index.ts';

/**
 * The destination refused us for a reason a retry cannot fix (a host key that does not match its
 * fingerprint, a refused login, a denied role or bucket): the delivery fails at once, naming it.
 */
export class DestinationRefusedError extends AppError {
  readonly code = 'dependency_failed';
  readonly statusCode = 502;
}
