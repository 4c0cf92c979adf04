import type { RouteDeclaration } from '../shared/http/index.ts';

/** A route table entry compiled for matching. */
export interface CompiledRoute<T> {
  route: RouteDeclaration;
  target: T;
  pattern: RegExp;
  names: string[];
}

/**
 * Compiles route templates (`/v1/identities/{namespace}/{value}`, `{proxy+}`) the way API Gateway
 * matches them: a `{name}` is one raw path segment, `{name+}` the rest of the path.
 *
 * @example
 * const table = compileRoutes([[apiRouteTable, 'api'], [identityRouteTable, 'identity']]);
 */
export function compileRoutes<T>(
  tables: ReadonlyArray<readonly [readonly RouteDeclaration[], T]>,
): CompiledRoute<T>[] {
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
