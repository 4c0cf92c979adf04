import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../shared/aws/index.ts';
import { synthStacks } from '../infra/synthStacks.ts';
import { checkCalls, describeDenial } from './support/checkCalls.ts';
import { type DeployedApp, deployedApp, FUNCTIONS } from './support/deployedApp.ts';
import { readRecordedCalls } from './support/recordedCalls.ts';

// Runs after every other test file (vitest.config.ts, project `calls`): the calls are those the
// functions sent while the integration, fault and bundle tests ran.
let app: DeployedApp;
let calls: RecordedCall[];
beforeAll(() => {
  app = deployedApp(synthStacks());
  calls = readRecordedCalls(process.env.AB_RECORD_AWS_CALLS ?? '');
});

describe('function roles in the synthesized template', () => {
  it('has calls recorded for every function (run with the whole suite: npm test)', () => {
    const byFunction = Object.fromEntries(
      FUNCTIONS.map((fn) => [fn, calls.filter((c) => c.fn === fn).length]),
    );
    for (const fn of FUNCTIONS) expect(byFunction[fn], `${fn}: no call recorded`).toBeGreaterThan(0);
  });

  it('allows every call a function sent, and lists the grants no call used', async ({ annotate }) => {
    const check = await checkCalls(app, calls);
    expect(check.evaluated).toBeGreaterThan(0);
    expect(check.denials.map(describeDenial)).toEqual([]);
    const report = `${check.evaluated} IAM requests allowed; grants no recorded call used:\n${check.unusedGrants.join('\n')}`;
    console.info(report);
    await annotate(report);
  });

  it('fails naming the function, the call and the missing statement when one grant is removed', async () => {
    const copy: RecordedCall = {
      fn: 'export',
      client: 'S3Client',
      operation: 'CopyObject',
      input: { Bucket: 'b', Key: 'outbound/aam/a.csv', CopySource: 'b/staging/outbound/aam/1/a.csv' },
    };
    expect((await checkCalls(app, [copy])).denials).toEqual([]);
    const withoutReads = structuredClone(app);
    for (const policy of withoutReads.functions.export.policies) {
      policy.document.Statement = policy.document.Statement.filter(
        (st) => ![st.Action].flat().includes('s3:GetObject'),
      );
    }
    const [denial, ...more] = (await checkCalls(withoutReads, [copy])).denials;
    expect(more).toEqual([]);
    expect(denial && describeDenial(denial)).toBe(
      `export: CopyObject(Bucket=b Key=outbound/aam/a.csv CopySource=b/staging/outbound/aam/1/a.csv) needs s3:GetObject on ${app.bucket.arn}/staging/outbound/aam/1/a.csv (source of the copy): ImplicitlyDenied; missing statement {"Effect":"Allow","Action":"s3:GetObject","Resource":"${app.bucket.arn}/staging/outbound/aam/1/a.csv"}`,
    );
  });
});
