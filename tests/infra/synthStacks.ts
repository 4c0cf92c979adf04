import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { type AudienceBridgeStacks, buildApp } from '../../infra/buildApp.ts';
import type { AbFunction } from '../../infra/constructs/AbFunction.ts';

export interface SynthesizedStacks {
  app: App;
  stacks: AudienceBridgeStacks;
  data: Template;
  stateless: Template;
}

/**
 * Builds the two stacks WITHOUT bundling (`aws:cdk:bundling-stacks` = []: NodejsFunction skips
 * esbuild) and, unless asked, without CDK's built-in CloudFormation validation (a WebAssembly
 * linter that takes ~10 s; nag.test.ts runs it once). Extra context is merged in.
 */
export function synthStacks(context: Record<string, unknown> = {}, validate = false): SynthesizedStacks {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: validate,
  });
  const stacks = buildApp(app);
  return {
    app,
    stacks,
    data: Template.fromStack(stacks.data),
    stateless: Template.fromStack(stacks.app),
  };
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every IAM statement of a function's role (all policies attached to it). */
export function statementsOf(template: Template, stack: Stack, fn: AbFunction): Statement[] {
  const cfn = fn.node.defaultChild as CfnFunction;
  const fnResource = template.toJSON().Resources[stack.getLogicalId(cfn)];
  const roleId: string = fnResource.Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } };
  }[];
  return policies
    .filter((p) => p.Properties.Roles.some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

/** Statement actions as an array. */
export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Statement resources as JSON strings (tokens included), for prefix matching. */
export function resourcesOf(statement: Statement): string[] {
  const list = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
  return list.map((r) => (typeof r === 'string' ? r : JSON.stringify(r)));
}

/** The logical ID of a function in its stack. */
export function logicalIdOf(stack: Stack, fn: AbFunction): string {
  return stack.getLogicalId(fn.node.defaultChild as CfnFunction);
}
