import { AppError } from './AppError.ts';

/** 400: bad input; the message names the field, the expectation and what was found. */
export class ValidationError extends AppError {
  readonly code = 'bad_request';
  readonly statusCode = 400;
}

/** 401: missing, forged, expired or wrong-audience token. */
export class UnauthorizedError extends AppError {
  readonly code = 'unauthorized';
  readonly statusCode = 401;
}

/** 403: a valid token without the route's scope. */
export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
  readonly statusCode = 403;
}

/** 404: the named thing does not exist. */
export class NotFoundError extends AppError {
  readonly code = 'not_found';
  readonly statusCode = 404;
}

/** 409: the request conflicts with stored state (a refused merge, a running job, a lost race). */
export class ConflictError extends AppError {
  readonly code = 'conflict';
  readonly statusCode = 409;
}

/** 413: a body or file over its limit. */
export class PayloadTooLargeError extends AppError {
  readonly code = 'payload_too_large';
  readonly statusCode = 413;
}

/** 415: a body in a media type the route does not take (a JSON route given form data or text). */
export class UnsupportedMediaTypeError extends AppError {
  readonly code = 'unsupported_media_type';
  readonly statusCode = 415;
}

/** 429: throttled, by us or by a dependency after the retries ran out. */
export class ThrottledError extends AppError {
  readonly code = 'throttled';
  readonly statusCode = 429;
}

/** A drop file (or one line of it) that does not parse; `context.line` says where. */
export class FormatError extends AppError {
  readonly code = 'format_error';
  readonly statusCode = 400;
}

/** A dependency (S3, DynamoDB, KMS) failed after bounded retries. Not exposed: a bare 500. */
export class DependencyError extends AppError {
  readonly code = 'dependency_failed';
  readonly statusCode = 500;
  override readonly expose = false;
}
