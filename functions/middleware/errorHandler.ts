import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError, fromSdkError, NotFoundError } from '../../shared/errors/index.ts';
import { logger } from '../../shared/logging/index.ts';
import { jsonAnswer } from './jsonAnswer.ts';

type Request = middy.Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/** middy's own 404 for an unknown route carries this status (our NotFoundError keeps its message). */
const isMiddyNotFound = (error: unknown) =>
  !(error instanceof AppError) && (error as { statusCode?: number } | null)?.statusCode === 404;

/** The error as the product's own: middy's unknown-route 404, AWS SDK errors bad input can cause. */
function appErrorOf(error: unknown): unknown {
  if (isMiddyNotFound(error)) return new NotFoundError('no such route');
  if (error instanceof AppError) return error;
  const mapped = fromSdkError(error);
  // The SDK's own message can quote a value: the log keeps only its name.
  if (mapped)
    logger.warn('data store refused the request', { code: mapped.code, sdkError: (error as Error).name });
  return mapped ?? error;
}

/**
 * The one place errors become HTTP answers: exposed AppErrors (and SDK errors that bad input can
 * cause, through `fromSdkError`) map to their status and `{error: {code, message}}`; anything else
 * is logged and answered with a bare 500 that leaks nothing.
 */
export function errorHandler(): middy.MiddlewareObj<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2
> {
  return {
    onError: async (request: Request) => {
      const error = appErrorOf(request.error);
      if (error instanceof AppError && error.expose) {
        request.response = jsonAnswer(error.statusCode, error.toBody());
        return;
      }
      logger.error('unhandled error', { error });
      request.response = jsonAnswer(500, { error: { code: 'internal', message: 'internal error' } });
    },
  };
}
