import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BundledFunction } from './bundledApp.ts';

/** Where the emulators listen: the only variables a test adds to a function's template environment. */
export interface Emulators {
  s3: string;
  dynamodb: string;
  sqs: string;
}

/** What the handler returned (`null` for nothing), or the error it threw. */
export type Invocation<R> =
  | { result: R; error?: undefined }
  | { result?: undefined; error: { name: string; message: string } };

/**
 * The Lambda runtime's part, in the fresh process: imports the bundle, calls its handler once with
 * the event and a Lambda context, writes the outcome to a file (stdout is the function's log).
 */
const RUNTIME = `
import { readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
const [bundle, exportName, eventFile, outFile, timeoutMs] = process.argv.slice(1);
const end = Date.now() + Number(timeoutMs);
const name = process.env.AWS_LAMBDA_FUNCTION_NAME;
const context = {
  callbackWaitsForEmptyEventLoop: true, functionName: name, functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:' + name,
  memoryLimitInMB: '512', awsRequestId: randomUUID(), logGroupName: '/aws/lambda/' + name,
  logStreamName: 'bundle-test', getRemainingTimeInMillis: () => end - Date.now(),
  done() {}, fail() {}, succeed() {},
};
let outcome;
try {
  const handler = (await import(bundle))[exportName];
  const result = await handler(JSON.parse(readFileSync(eventFile, 'utf8')), context);
  outcome = { result: result ?? null };
} catch (error) {
  outcome = { error: { name: error?.name ?? 'Error', message: String(error?.message ?? error) } };
}
writeFileSync(outFile, JSON.stringify(outcome));
process.exit(0);
`;

/**
 * Invokes a function's bundle once, as Lambda would on a cold start: a fresh Node process with
 * only its template's environment plus the region, credentials and the emulators' endpoints, and
 * `AWS_LAMBDA_FUNCTION_NAME` (set by Lambda; the call recorder names the calls by it). Async: the
 * emulators run in the test's own process.
 */
export async function invokeBundle<R = unknown>(
  fn: BundledFunction,
  event: unknown,
  emulators: Emulators,
): Promise<Invocation<R>> {
  const dir = mkdtempSync(join(tmpdir(), 'ab-invoke-'));
  const eventFile = join(dir, 'event.json');
  const outFile = join(dir, 'outcome.json');
  writeFileSync(eventFile, JSON.stringify(event));
  const env: Record<string, string> = {
    ...fn.environment,
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AB_S3_ENDPOINT: emulators.s3,
    AB_DYNAMODB_ENDPOINT: emulators.dynamodb,
    AWS_ENDPOINT_URL_SQS: emulators.sqs,
    // Test-only: where calls are recorded for tests/deployed/rolePermissions.test.ts.
    ...(process.env.AB_RECORD_AWS_CALLS ? { AB_RECORD_AWS_CALLS: process.env.AB_RECORD_AWS_CALLS } : {}),
  };
  const [file, exportName] = fn.handler.split('.');
  const bundle = pathToFileURL(join(fn.file, '..', `${file}.mjs`)).href;
  const log = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        RUNTIME,
        bundle,
        exportName ?? 'handler',
        eventFile,
        outFile,
        String(fn.timeoutSeconds * 1000),
      ],
      { env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${fn.name}: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
  try {
    return JSON.parse(readFileSync(outFile, 'utf8')) as Invocation<R>;
  } catch {
    throw new Error(`${fn.name}: the process wrote no outcome\n${log}`);
  }
}
