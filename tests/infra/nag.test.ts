import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import cdkNag from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/buildApp.ts';
import { type SynthesizedStacks, synthStacks } from './synthStacks.ts';

let s: SynthesizedStacks;
beforeAll(() => {
  s = synthStacks();
});

/** Resource logical IDs a template value refers to (Ref, Fn::GetAtt), pseudo parameters excluded. */
function refsIn(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsIn(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string' && !v.startsWith('AWS::')) into.add(v);
      else if (k === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') into.add(v[0]);
      else refsIn(v, into);
    }
  }
  return into;
}

/** A dependency cycle among a template's resources (what CloudFormation rejects), or []. */
function findCycle(
  resources: Record<string, { Properties?: unknown; DependsOn?: string | string[] }>,
): string[] {
  const edges = new Map<string, string[]>();
  for (const [id, r] of Object.entries(resources)) {
    const deps = refsIn(r.Properties, new Set());
    for (const d of [r.DependsOn ?? []].flat()) deps.add(d);
    edges.set(
      id,
      [...deps].filter((d) => d in resources),
    );
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] => {
    if (state.get(id) === 'done') return [];
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle.length) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return [];
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle.length) return cycle;
  }
  return [];
}

const describeViolations = (report: { violations: { ruleName: string; violatingResources: unknown[] }[] }) =>
  report.violations.map((v) => `${v.ruleName} at ${JSON.stringify(v.violatingResources)}`);

describe('cdk-nag AwsSolutions', () => {
  it('finds no unacknowledged error or warning in either stack', () => {
    const report = new cdkNag.AwsSolutionsChecks().validateScope(s.app);
    expect(describeViolations(report)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges every finding with a written reason', () => {
    const acks = [s.stacks.data, s.stacks.app]
      .flatMap((stack) => stack.node.findAll())
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.values(m.data as Record<string, string>));
    expect(acks.length).toBeGreaterThan(0);
    for (const reason of acks) expect(String(reason).length).toBeGreaterThan(30);
  });

  it('leaves no error or warning annotation (CDK or nag) on either stack', () => {
    for (const stack of [s.stacks.data, s.stacks.app]) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', Match.anyValue())).toEqual([]);
      expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
    }
  });

  it('has no resource dependency cycle in either template (as the key/bucket/notification once had)', () => {
    expect(findCycle(s.data.toJSON().Resources)).toEqual([]);
    expect(findCycle(s.stateless.toJSON().Resources)).toEqual([]);
  });

  it('synthesizes with the nag plugin registered as app.ts does, without a validation failure', () => {
    const app = new App({
      context: { 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: false,
    });
    buildApp(app);
    Validations.of(app).addPlugins(new cdkNag.AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });
});
