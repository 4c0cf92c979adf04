import type { App } from 'aws-cdk-lib';
import { apiRouteTable, consoleRouteTable, identityRouteTable } from '../shared/http/routeTables.ts';
import { applyNagSuppressions } from './nag/applyNagSuppressions.ts';
import { readSettings } from './settings.ts';
import { AppStack } from './stacks/AppStack.ts';
import { DataStack } from './stacks/DataStack.ts';

export interface AudienceBridgeStacks {
  data: DataStack;
  app: AppStack;
}

/**
 * Adds the stateful `AudienceBridgeData` and stateless `AudienceBridgeApp` stacks to an app,
 * environment-agnostic (no lookups: synth works offline), with the cdk-nag suppressions and
 * their reasons. Callers add `AwsSolutionsChecks` themselves (app.ts, and the infra tests).
 *
 * @example
 * const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
 * const { data, app: stateless } = buildApp(app);
 */
export function buildApp(app: App): AudienceBridgeStacks {
  const settings = readSettings(app.node);
  const data = new DataStack(app, 'AudienceBridgeData', {
    description: 'audience-bridge stateful resources: data key, table, bucket',
    consoleOrigins: settings.consoleOrigins,
  });
  const stateless = new AppStack(app, 'AudienceBridgeApp', {
    description: 'audience-bridge functions, queues, HTTP API, schedule, alarms and dashboard',
    settings,
    dataStackName: data.stackName,
    apiRoutes: apiRouteTable,
    identityRoutes: identityRouteTable,
    consoleRoutes: consoleRouteTable,
  });
  stateless.addStackDependency(data, 'imports the data stack exports (DataRefs)');
  const stacks = { data, app: stateless };
  applyNagSuppressions(stacks);
  return stacks;
}
