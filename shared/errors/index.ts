export { AppError, ERROR_CODES, type ErrorCode, type ErrorContext } from './AppError.ts';
export { CorruptRecordError } from './CorruptRecordError.ts';
export { fromSdkError } from './fromSdkError.ts';
export { fromZodError } from './fromZodError.ts';
export {
  ConflictError,
  DependencyError,
  ForbiddenError,
  FormatError,
  NotFoundError,
  PayloadTooLargeError,
  ThrottledError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from './httpErrors.ts';
