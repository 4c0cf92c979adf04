import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../../functions/api/routes/index.ts';
import { identityRoutes } from '../../../functions/reconcile/routes/index.ts';
import { apiRouteTable, identityRouteTable, type RouteDeclaration } from '../../../shared/http/index.ts';

const shape = (r: RouteDeclaration) => ({ method: r.method, path: r.path, scope: r.scope, body: r.body });

describe('routeTables', () => {
  it('declares exactly what the API function serves, in order, when compared route by route', () => {
    expect(apiRoutes.map(shape)).toEqual(apiRouteTable.map(shape));
    expect(apiRoutes).toHaveLength(30);
  });

  it('declares exactly what the identity function serves, in order, when compared route by route', () => {
    expect(identityRoutes.map(shape)).toEqual(identityRouteTable.map(shape));
    expect(identityRoutes).toHaveLength(8);
  });

  it('gives every method and path one declaration when both tables are taken together', () => {
    const keys = [...apiRouteTable, ...identityRouteTable].map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(38);
  });
});
