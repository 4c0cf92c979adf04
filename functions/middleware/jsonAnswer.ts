import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A JSON answer in the HTTP API v2 result shape. */
export function jsonAnswer(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}
