import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { RecordedCall } from '../../../shared/aws/index.ts';
import type { DeployedApp, DeployedFunction, FunctionName, PolicyStatement } from './deployedApp.ts';
import { type IamRequest, iamRequestsOf } from './iamRequestsOf.ts';

/** A call its function's role would not be allowed to make. */
export interface Denial {
  fn: FunctionName;
  call: RecordedCall;
  request: IamRequest;
  result: string;
  /** The statement the role lacks, in IAM policy JSON. */
  missing: PolicyStatement;
}

export interface CallCheck {
  denials: Denial[];
  /** `<fn>: <action> on <resource>` for each granted action no recorded call used. */
  unusedGrants: string[];
  /** Distinct IAM requests evaluated. */
  evaluated: number;
}

/**
 * Evaluates every IAM request of the recorded calls against the calling function's role (identity
 * policies) and the resource's own policy (bucket, queue, key), with @cloud-copilot/iam-simulate.
 */
export async function checkCalls(app: DeployedApp, calls: readonly RecordedCall[]): Promise<CallCheck> {
  const denials: Denial[] = [];
  const used = new Set<string>();
  const seen = new Set<string>();
  for (const call of calls) {
    const fn = app.functions[call.fn as FunctionName];
    if (!fn) throw new Error(`a call was recorded for an unknown function ${call.fn}`);
    for (const request of iamRequestsOf(call, app)) {
      const id = `${fn.name} ${request.action} ${request.arn} ${JSON.stringify(request.context)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const { result, allowedBy } = await evaluate(fn, request);
      for (const statement of allowedBy) used.add(`${fn.name} ${statement} ${request.action}`);
      if (result !== 'Allowed') {
        denials.push({
          fn: call.fn as FunctionName,
          call,
          request,
          result,
          missing: missingStatement(request),
        });
      }
    }
  }
  const unusedGrants = Object.values(app.functions).flatMap((fn) =>
    statementsOf(fn).flatMap(({ id, statement }) =>
      [statement.Action]
        .flat()
        .filter((action) => !action.startsWith('logs:') && !action.startsWith('xray:'))
        .filter((action) => !used.has(`${fn.name} ${id} ${action}`))
        .map((action) => `${fn.name}: ${action} on ${[statement.Resource].flat().join(', ')}`),
    ),
  );
  return { denials, unusedGrants, evaluated: seen.size };
}

/** One line per denial: the function, the call, why it needs the action, and the statement to add. */
export function describeDenial(d: Denial): string {
  const input = Object.entries(d.call.input)
    .map(([k, v]) => `${k}=${[v].flat().join(',')}`)
    .join(' ');
  return `${d.fn}: ${d.call.operation}(${input}) needs ${d.request.action} on ${d.request.arn} (${d.request.why}): ${d.result}; missing statement ${JSON.stringify(d.missing)}`;
}

function statementsOf(fn: DeployedFunction): { id: string; statement: PolicyStatement }[] {
  return fn.policies.flatMap((p) =>
    p.document.Statement.map((statement, i) => ({ id: `${p.name}#s${i}`, statement })),
  );
}

/** The role's policies with each statement's Sid set to its position, so the simulator's answer names it. */
function numbered(fn: DeployedFunction) {
  return fn.policies.map((p) => ({
    name: p.name,
    policy: { ...p.document, Statement: p.document.Statement.map((st, i) => ({ ...st, Sid: `s${i}` })) },
  }));
}

async function evaluate(fn: DeployedFunction, request: IamRequest) {
  const response = await runSimulation(
    {
      request: {
        principal: fn.roleArn,
        action: request.action,
        resource: { resource: request.arn, accountId: fn.roleArn.split(':')[4] ?? '' },
        contextVariables: { 'aws:SecureTransport': 'true', ...request.context },
      },
      identityPolicies: numbered(fn),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resource.policy,
    },
    {},
  );
  if (response.resultType === 'error') {
    throw new Error(
      `iam-simulate rejected ${request.action} on ${request.arn}: ${JSON.stringify(response.errors)}`,
    );
  }
  if (response.resultType !== 'single') throw new Error(`unexpected ${response.resultType} simulation`);
  const allowedBy = (response.result.analysis?.identityAnalysis?.allowStatements ?? []).map(
    (s) => `${s.policyId}#${s.explain.identifier}`,
  );
  return { result: response.overallResult, allowedBy };
}

function missingStatement(request: IamRequest): PolicyStatement {
  const prefix = request.context['s3:prefix'];
  return {
    Effect: 'Allow',
    Action: request.action,
    Resource: request.arn,
    ...(typeof prefix === 'string' ? { Condition: { StringLike: { 's3:prefix': `${prefix}*` } } } : {}),
  };
}
