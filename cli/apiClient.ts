import { loadSigningKey, signToken } from '../shared/auth/index.ts';
import { loadConfig } from '../shared/config/index.ts';
import {
  type AppError,
  ConflictError,
  DependencyError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ThrottledError,
  UnauthorizedError,
  ValidationError,
} from '../shared/errors/index.ts';

/** How a command reaches the HTTP API: `--api URL --token T`, or the local stack by default. */
export interface ApiAccessOptions {
  api?: string;
  token?: string;
}

type ErrorClass = new (message: string) => AppError;

const ERROR_BY_STATUS: Record<number, ErrorClass> = {
  400: ValidationError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  429: ThrottledError,
};

/**
 * The operator commands' small HTTP client: JSON in and out with a bearer token. Against the local
 * stack it mints a short-lived read token with the local signing key (`AB_HOME`), so the
 * commands work right after `npm start` with no flags. API errors become the matching `AppError`
 * (a 404 is a `NotFoundError`…) carrying the API's own message, which names no personal value.
 *
 * @example
 * const api = await ApiClient.connect({}, process.env); // http://127.0.0.1:${AB_PORT:-3000}
 * const { jobs } = await api.get<{ jobs: Job[] }>('/v1/jobs?limit=20');
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /**
   * A client for `options.api` with `options.token`, or for the local stack with a token minted
   * for `scope` (space-separated; read-only by default).
   */
  static async connect(
    options: ApiAccessOptions,
    env: NodeJS.ProcessEnv,
    scope = 'audiences:read',
  ): Promise<ApiClient> {
    const baseUrl = (options.api ?? `http://127.0.0.1:${env.AB_PORT || '3000'}`).replace(/\/+$/, '');
    if (options.token) return new ApiClient(baseUrl, options.token);
    if (options.api) {
      throw new ValidationError('--token: required with --api (a bearer token for that API)', {
        field: 'token',
      });
    }
    const config = loadConfig(env);
    const key = await loadSigningKey(config.home);
    const token = await signToken({
      key,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      subject: 'audience-bridge-cli',
      scope,
      ttlSeconds: 300,
    });
    return new ApiClient(baseUrl, token);
  }

  /** GETs a path (`/v1/jobs?type=ingest`) and returns the parsed JSON body of a 2xx answer. */
  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** Sends `body` as JSON and returns the parsed JSON body of a 2xx answer. */
  send<T>(method: 'PUT' | 'POST' | 'DELETE', path: string, body: unknown): Promise<T> {
    return this.request<T>(method, path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new Error(`cannot reach the API at ${this.baseUrl} (is \`npm start\` running?)`, {
        cause: error,
      });
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (res.ok) return parsed as T;
    const message = (parsed as { error?: { message?: unknown } } | undefined)?.error?.message;
    const detail = `API answered ${res.status}${typeof message === 'string' ? `: ${message}` : ''}`;
    const ErrorType = ERROR_BY_STATUS[res.status] ?? DependencyError;
    throw new ErrorType(detail);
  }
}
