import type { CfnElement } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AbFunction } from '../../../infra/constructs/AbFunction.ts';
import { logicalIdOf, type SynthesizedStacks } from '../../infra/synthStacks.ts';
import { type CfnTemplate, IntrinsicResolver, type ResolveOptions } from './resolveIntrinsics.ts';

/** The deployed functions, by the names the recorder uses. */
export const FUNCTIONS = ['api', 'reconcile', 'ingest', 'export', 'schedule'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
  Principal?: unknown;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

export interface DeployedFunction {
  name: string;
  roleArn: string;
  /** Its role's policies, intrinsics resolved, by policy name. */
  policies: { name: string; document: PolicyDocument }[];
  /** The environment its template sets, resolved. */
  environment: Record<string, string>;
}

/** A resource a call may touch: its ARN and its resource policy, if it has one. */
export interface DeployedResource {
  arn: string;
  name: string;
  policy?: PolicyDocument;
}

/** What the synthesized app deploys, with every intrinsic replaced by a concrete value. */
export interface DeployedApp {
  functions: Record<FunctionName, DeployedFunction>;
  /** The console function: no AWS call of its own, so not among `functions` (whose calls are checked). */
  console: DeployedFunction;
  bucket: DeployedResource;
  table: DeployedResource;
  key: DeployedResource;
  queues: { ingest: DeployedResource & { url: string }; export: DeployedResource & { url: string } };
}

/**
 * Resolves the synthesized stacks into what AWS would run: each function's role policies and
 * environment, and the bucket, table, key and queues with their resource policies.
 *
 * @example
 * const app = deployedApp(synthStacks()); app.functions.export.policies[0].document.Statement
 */
export function deployedApp(synth: SynthesizedStacks, options: ResolveOptions = {}): DeployedApp {
  const app = synth.stateless.toJSON() as CfnTemplate;
  const data = synth.data.toJSON() as CfnTemplate;
  const resolver = new IntrinsicResolver([app, data], options);
  const { stacks } = synth;
  const dataId = (construct: Construct) =>
    stacks.data.getLogicalId(construct.node.defaultChild as CfnElement);
  const appId = (construct: Construct) => stacks.app.getLogicalId(construct.node.defaultChild as CfnElement);

  const resolveFunction = (name: string, fn: AbFunction): DeployedFunction => {
    const props = app.Resources[logicalIdOf(stacks.app, fn)]?.Properties ?? {};
    const roleId = (props.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = Object.entries(app.Resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Policy')
      .filter(([, r]) =>
        ((r.Properties?.Roles ?? []) as { Ref: string }[]).some((role) => role.Ref === roleId),
      )
      .map(([id, r]) => ({
        name: id,
        document: resolver.resolve(app, r.Properties?.PolicyDocument) as PolicyDocument,
      }));
    const variables = (props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
    const environment = Object.fromEntries(
      Object.entries(variables ?? {}).map(([k, v]) => [k, resolver.string(app, v)]),
    );
    const roleArn = resolver.string(app, { 'Fn::GetAtt': [roleId, 'Arn'] });
    return { name, roleArn, policies, environment };
  };
  const functions = Object.fromEntries(
    FUNCTIONS.map((name) => [name, resolveFunction(name, stacks.app.functions[name])]),
  ) as Record<FunctionName, DeployedFunction>;

  const policyOf = (template: CfnTemplate, type: string, field: string, id: string) => {
    const found = Object.values(template.Resources).find(
      (r) =>
        r.Type === type &&
        [r.Properties?.[field]].flat().some((ref) => (ref as { Ref?: string } | undefined)?.Ref === id),
    );
    return found
      ? (resolver.resolve(template, found.Properties?.PolicyDocument) as PolicyDocument)
      : undefined;
  };
  const resource = (template: CfnTemplate, id: string): DeployedResource => ({
    arn: resolver.string(template, { 'Fn::GetAtt': [id, 'Arn'] }),
    name: resolver.string(template, { Ref: id }),
  });
  const bucketId = dataId(stacks.data.bucket);
  const keyId = dataId(stacks.data.key);
  const queue = (construct: Construct) => {
    const id = appId(construct);
    const policy = policyOf(app, 'AWS::SQS::QueuePolicy', 'Queues', id);
    return {
      arn: resolver.string(app, { 'Fn::GetAtt': [id, 'Arn'] }),
      name: id,
      url: resolver.string(app, { Ref: id }),
      ...(policy ? { policy } : {}),
    };
  };
  const bucketPolicy = policyOf(data, 'AWS::S3::BucketPolicy', 'Bucket', bucketId);
  return {
    functions,
    console: resolveFunction('console', stacks.app.functions.console),
    bucket: { ...resource(data, bucketId), ...(bucketPolicy ? { policy: bucketPolicy } : {}) },
    table: resource(data, dataId(stacks.data.table)),
    key: {
      ...resource(data, keyId),
      policy: resolver.resolve(data, data.Resources[keyId]?.Properties?.KeyPolicy) as PolicyDocument,
    },
    queues: { ingest: queue(stacks.app.ingestQueue.queue), export: queue(stacks.app.exportQueue.queue) },
  };
}
