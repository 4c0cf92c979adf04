/** The fixed set of error codes the product answers with (HTTP bodies, receipts, job failures). */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'throttled',
  'format_error',
  'dependency_failed',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorContext {
  /** The field (body path, path parameter, column) the error is about. Never its value. */
  field?: string;
  /** 1-based line number of a drop file. */
  line?: number;
  [key: string]: string | number | boolean | undefined;
}

/**
 * Base of the one error family. `expose` errors are client mistakes: their message is safe to
 * show (it names a field or line, never a personal value) and maps to `statusCode`.
 *
 * @example
 * throw new ValidationError('ids: expected at most 1000 items, got 1001', { field: 'ids' });
 */
export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly statusCode: number;
  readonly expose: boolean = true;
  readonly context: ErrorContext;

  constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.context = context;
  }

  /** The JSON body of the HTTP answer: `{error: {code, message}}`. */
  toBody(): { error: { code: ErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
