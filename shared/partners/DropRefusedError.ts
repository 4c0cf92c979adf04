import { AppError } from '../errors/index.ts';

/**
 * A drop outside its partner's rights (a list it may not change, a DPID or data source it may
 * not use, a `full` file it may not send): the whole drop is refused and nothing is applied.
 */
export class DropRefusedError extends AppError {
  readonly code = 'forbidden';
  readonly statusCode = 403;
}
