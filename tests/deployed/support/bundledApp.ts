import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { buildApp } from '../../../infra/buildApp.ts';
import { type DeployedApp, type DeployedFunction, deployedApp } from './deployedApp.ts';

/** The bundled functions, by the names the recorder uses. */
export const BUNDLED = ['api', 'reconcile', 'ingest', 'export', 'schedule', 'console'] as const;
export type BundledName = (typeof BUNDLED)[number];

export interface BundledFunction extends DeployedFunction {
  /** The bundle CDK built for it: `<cdk.out>/asset.<hash>/index.mjs`. */
  file: string;
  /** Its handler setting, e.g. `index.handler`. */
  handler: string;
  timeoutSeconds: number;
}

export interface BundledApp {
  deployed: DeployedApp;
  functions: Record<BundledName, BundledFunction>;
}

/**
 * Synthesizes the app as `cdk synth` does, bundling included (esbuild, ~30 s for the six
 * functions), into a temporary cloud assembly, and returns each function's bundle with its template
 * environment resolved. The queues' URLs point at `queueOrigin` (the test's SQS endpoint).
 */
export function synthBundledApp(queueOrigin: string): BundledApp {
  const outdir = mkdtempSync(join(tmpdir(), 'ab-cdk-out-'));
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': ['AudienceBridgeApp'] } });
  const stacks = buildApp(app);
  app.synth();
  const synth = {
    app,
    stacks,
    data: Template.fromStack(stacks.data),
    stateless: Template.fromStack(stacks.app),
  };
  const ids = {
    ingest: stacks.app.getLogicalId(stacks.app.ingestQueue.queue.node.defaultChild as CfnElement),
    export: stacks.app.getLogicalId(stacks.app.exportQueue.queue.node.defaultChild as CfnElement),
  };
  const deployed = deployedApp(synth, {
    queueUrls: {
      [ids.ingest]: `${queueOrigin}/123456789012/${ids.ingest}`,
      [ids.export]: `${queueOrigin}/123456789012/${ids.export}`,
    },
  });
  const resources = synth.stateless.toJSON().Resources as Record<
    string,
    { Properties: Record<string, unknown> }
  >;
  const functions = Object.fromEntries(
    BUNDLED.map((name) => {
      const fn = stacks.app.functions[name];
      const props = resources[stacks.app.getLogicalId(fn.node.defaultChild as CfnFunction)]?.Properties ?? {};
      // The asset's S3 key is `<hash>.zip`; CDK staged it as `asset.<hash>/` in the assembly.
      const hash = String((props.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '');
      const resolved = name === 'console' ? deployed.console : deployed.functions[name];
      return [
        name,
        {
          ...resolved,
          file: join(outdir, `asset.${hash}`, 'index.mjs'),
          handler: String(props.Handler),
          timeoutSeconds: Number(props.Timeout),
        },
      ];
    }),
  ) as Record<BundledName, BundledFunction>;
  return { deployed, functions };
}
