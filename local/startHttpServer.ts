import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { bearerOf, type TokenClaims } from '../shared/auth/index.ts';
import { AppError, PayloadTooLargeError } from '../shared/errors/index.ts';
import { logger } from '../shared/logging/index.ts';
import type { CompiledRoute } from './compileRoutes.ts';
import { matchRoute } from './matchRoute.ts';
import { toHttpApiEvent } from './toHttpApiEvent.ts';

/** An HTTP API Lambda handler (`functions/api/handler.ts`, `functions/reconcile/handler.ts`). */
export type HttpFunction = {
  name: string;
  handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;
};

export interface HttpServerOptions {
  /** 0 picks a free port. */
  port: number;
  routes: readonly CompiledRoute<HttpFunction>[];
  /** Answers requests that match no route (with its own 404). */
  fallback: HttpFunction;
  maxBodyBytes: number;
  /** The JWT authorizer: claims, or throws `UnauthorizedError`. */
  verify: (token: string | undefined) => Promise<TokenClaims>;
  context: (functionName: string) => Context;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  /** Stops accepting; waits up to `timeoutMs` for answers in flight, then drops the connections. */
  stop(timeoutMs: number): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(JSON.stringify(body));
}

/** Reads the body, counting bytes as they stream; past the limit it stops keeping them and throws 413. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const tooLarge = () =>
      new PayloadTooLargeError(`body: expected at most ${maxBytes} bytes`, { field: 'body' });
    if (declared > maxBytes) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/** Writes a Lambda proxy result (structured, or a bare value API Gateway would JSON-encode). */
function sendResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    sendJson(res, 200, result);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body ?? '';
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/** Claims as the API Gateway JWT authorizer passes them: every value a string. */
function authorizerClaims(claims: TokenClaims): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined) continue;
    out[name] =
      typeof value === 'string' ? value : Array.isArray(value) ? `[${value.join(' ')}]` : String(value);
  }
  return out;
}

/**
 * The local HTTP API: API Gateway in front of the API functions. Per request: stream-count the
 * body (413 past the limit), match the route, run the JWT authorizer on routes with a scope (401
 * JSON before any handler, claims into `requestContext.authorizer.jwt`), then invoke the route's
 * function with a payload-2.0 event and write its result.
 *
 * @example
 * const server = await startHttpServer({ port: 0, routes, fallback: api, maxBodyBytes, verify, context });
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    let body: Buffer;
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        // Answer now and discard whatever the client still sends, without keeping it.
        sendJson(res, 413, error.toBody(), true);
        req.resume();
        return;
      }
      throw error;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    const match = matchRoute(options.routes, method, rawPath);
    const event = toHttpApiEvent({
      request: req,
      body,
      routeKey: match?.routeKey ?? '$default',
      ...(match ? { pathParameters: match.pathParameters } : {}),
    });
    if (match?.route.scope) {
      try {
        const claims = await options.verify(bearerOf(event.headers.authorization));
        (event.requestContext as unknown as Record<string, unknown>).authorizer = {
          jwt: { claims: authorizerClaims(claims), scopes: claims.scope.split(' ').filter(Boolean) },
        };
      } catch (error) {
        if (error instanceof AppError && error.expose) {
          sendJson(res, error.statusCode, error.toBody());
          return;
        }
        throw error;
      }
    }
    const fn = match?.target ?? options.fallback;
    sendResult(res, await fn.handler(event, options.context(fn.name)));
  };

  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      logger.error('local HTTP API failed', { error });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal error' } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: async (timeoutMs) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
    },
  };
}
