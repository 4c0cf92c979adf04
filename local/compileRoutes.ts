import type { Route } from '../shared/http/index.ts';

/** A route table entry compiled for matching. */
export interface CompiledRoute<T> {
  route: Route;
  target: T;
  pattern: RegExp;
  names: string[];
}

/** A matched route: its API Gateway `routeKey` and raw (still percent-encoded) path parameters. */
export interface RouteMatch<T> {
  route: Route;
  target: T;
  routeKey: string;
  pathParameters: Record<string, string>;
}

/**
 * Compiles route templates (`/v1/identities/{namespace}/{value}`, `{proxy+}`) the way API Gateway
 * matches them: a `{name}` is one raw path segment, `{name+}` the rest of the path.
 *
 * @example
 * const table = compileRoutes([[apiRoutes, 'api'], [identityRoutes, 'identity']]);
 */
export function compileRoutes<T>(tables: ReadonlyArray<readonly [readonly Route[], T]>): CompiledRoute<T>[] {
  const compiled: CompiledRoute<T>[] = [];
  for (const [routes, target] of tables) {
    for (const route of routes) {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          const param = /^\{([^}+]+)(\+?)\}$/.exec(segment);
          if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(param[1]);
          return param[2] ? '(.+)' : '([^/]+)';
        })
        .join('/');
      compiled.push({ route, target, pattern: new RegExp(`^${source}/?$`), names });
    }
  }
  // Static routes win over parameterised ones, as in API Gateway.
  return compiled.sort((a, b) => a.names.length - b.names.length);
}

/** The route for a method and raw path, or undefined (the handler then answers 404). */
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
