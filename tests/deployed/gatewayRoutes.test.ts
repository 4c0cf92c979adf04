import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../functions/api/routes/index.ts';
import { identityRoutes } from '../../functions/reconcile/routes/index.ts';
import { consoleRouteTable } from '../../shared/http/index.ts';
import { logicalIdOf, synthStacks } from '../infra/synthStacks.ts';

type Properties = Record<string, unknown>;

describe('HTTP API routes in the synthesized template', () => {
  it('are the routes the handlers serve, each on its function, with the same scope as authorizationScopes', () => {
    const s = synthStacks();
    const resources = s.stateless.toJSON().Resources as Record<
      string,
      { Type: string; Properties: Properties }
    >;
    const functionOf = new Map([
      [logicalIdOf(s.stacks.app, s.stacks.app.functions.api), 'api'],
      [logicalIdOf(s.stacks.app, s.stacks.app.functions.reconcile), 'reconcile'],
      [logicalIdOf(s.stacks.app, s.stacks.app.functions.console), 'console'],
    ]);
    const integrationFunction = (target: unknown) => {
      // Target is `integrations/<IntegrationId>`, joined from a Ref.
      const id = JSON.stringify(target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
      const uri = JSON.stringify(resources[id]?.Properties.IntegrationUri);
      return functionOf.get(uri.match(/"Fn::GetAtt":\["([^"]+)","Arn"\]/)?.[1] ?? '') ?? `unknown ${uri}`;
    };
    const deployed = Object.values(resources)
      .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map(({ Properties: p }) => ({
        route: p.RouteKey,
        fn: integrationFunction(p.Target),
        authorization: p.AuthorizationType,
        scopes: p.AuthorizationScopes ?? [],
      }));
    const served = [
      ...apiRoutes.map((r) => ({ r, fn: 'api' })),
      ...identityRoutes.map((r) => ({ r, fn: 'reconcile' })),
      ...consoleRouteTable.map((r) => ({ r, fn: 'console' })),
    ].map(({ r, fn }) => ({
      route: `${r.method} ${r.path}`,
      fn,
      authorization: r.scope === null ? 'NONE' : 'JWT',
      scopes: r.scope === null ? [] : [r.scope],
    }));
    const byRoute = (a: { route: unknown }, b: { route: unknown }) =>
      String(a.route).localeCompare(String(b.route));
    expect(deployed.sort(byRoute)).toEqual(served.sort(byRoute));
    expect(served.length).toBeGreaterThan(20);
  });
});
