import type { RouteDeclaration } from '../shared/http/index.ts';
import type { CompiledRoute } from './compileRoutes.ts';

/** A matched route: its API Gateway `routeKey` and raw (still percent-encoded) path parameters. */
export interface RouteMatch<T> {
  route: RouteDeclaration;
  target: T;
  routeKey: string;
  pathParameters: Record<string, string>;
}

/**
 * The route for a method and raw path, or undefined (the API function then answers 404).
 *
 * @example
 * matchRoute(table, 'GET', '/v1/jobs/ingest%3Ainbound%2Fa.sync')?.pathParameters; // { jobId: 'ingest%3Ainbound%2Fa.sync' }
 */
export function matchRoute<T>(
  table: readonly CompiledRoute<T>[],
  method: string,
  rawPath: string,
): RouteMatch<T> | undefined {
  for (const entry of table) {
    if (entry.route.method !== method) continue;
    const match = entry.pattern.exec(rawPath);
    if (!match) continue;
    const pathParameters: Record<string, string> = {};
    entry.names.forEach((name, i) => {
      pathParameters[name] = match[i + 1] ?? '';
    });
    return {
      route: entry.route,
      target: entry.target,
      routeKey: `${entry.route.method} ${entry.route.path}`,
      pathParameters,
    };
  }
  return undefined;
}
