import { loadConfig } from '../shared/config/index.ts';
import { SqsJobDispatcher } from '../shared/jobs/index.ts';
import { createRuntime, type Runtime } from '../shared/runtime/index.ts';

let current: Runtime | undefined;

/**
 * The runtime every handler uses: built on first use from the environment (a Lambda cold start),
 * or installed by the local stack with `setRuntime` before it invokes handlers.
 */
export function getRuntime(): Runtime {
  if (!current) {
    const config = loadConfig();
    current = createRuntime({ config, dispatcher: new SqsJobDispatcher(config) });
  }
  return current;
}

/** Installs the runtime (local stack, tests); `undefined` clears it. */
export function setRuntime(runtime: Runtime | undefined): void {
  current = runtime;
}
