import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const jsonReport = process.env.VITEST_JSON_REPORT;
/** Where the functions' AWS calls are recorded during this run (tests/deployed/ checks them against IAM). */
const recordedCalls = process.env.AB_RECORD_AWS_CALLS ?? join(tmpdir(), `ab-aws-calls-${process.pid}`);
/** Runs after every other test file: it reads the calls they recorded. */
const CALLS_CHECK = 'tests/deployed/rolePermissions.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores in CI: integration suites start their own emulators, so keep the fan-out small.
    maxWorkers: 2,
    // The pinned AWS SDK supports Node 20; its notice about future releases is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AB_RECORD_AWS_CALLS: recordedCalls },
    globalSetup: ['tests/helpers/recordedCallsDir.ts'],
    // Logs and EMF lines of passing tests are noise; a failing test's output is still printed.
    // Powertools writes to process.stdout, past vitest's console interception, so the setup file
    // routes those writes through console. See everything: `npx vitest run --silent=false`.
    silent: 'passed-only',
    setupFiles: ['tests/helpers/routeOutputToConsole.ts'],
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    outputFile: jsonReport ? { json: jsonReport } : undefined,
    projects: [
      { extends: true, test: { name: 'suite', include: ['tests/**/*.test.ts'], exclude: [CALLS_CHECK] } },
      { extends: true, test: { name: 'calls', include: [CALLS_CHECK], sequence: { groupOrder: 1 } } },
    ],
  },
});
