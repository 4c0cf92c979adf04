import { apiRoutes } from '../../../functions/api/routes/index.ts';
import { identityRoutes } from '../../../functions/reconcile/routes/index.ts';

/**
 * The route-to-scope table of docs/security.md, rendered from the served route tables (the same
 * definitions the Lambda router, the local stack and the CDK routes use).
 */
export function routeTable(): string {
  const rows = [
    ...apiRoutes.map((r) => ({ r, fn: 'api' })),
    ...identityRoutes.map((r) => ({ r, fn: 'reconcile' })),
  ]
    .sort((a, b) => a.r.path.localeCompare(b.r.path) || a.r.method.localeCompare(b.r.method))
    .map(
      ({ r, fn }) =>
        `| \`${r.method} ${r.path}\` | ${r.scope ? `\`${r.scope}\`` : 'public'} | ${fn} | ${r.method === 'GET' ? 'no' : 'yes'} |`,
    );
  return ['| route | scope | function | audited |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
