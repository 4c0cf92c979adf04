import { type AwsClients, createClients } from '../aws/index.ts';
import { type Config, loadConfig } from '../config/index.ts';
import { DynamoJobStore, type JobDispatcher, type JobStore } from '../jobs/index.ts';

/**
 * Everything a handler needs, built once per process (a Lambda cold start, or the local stack)
 * from the validated configuration. Tests build their own with `createRuntime`.
 */
export interface Runtime {
  config: Config;
  clients: AwsClients;
  jobs: JobStore;
  dispatcher: JobDispatcher;
  now: () => Date;
}

export interface RuntimeOptions {
  config?: Config;
  dispatcher: JobDispatcher;
  now?: () => Date;
}

/** Builds a runtime; the stores share the clients. */
export function createRuntime(options: RuntimeOptions): Runtime {
  const config = options.config ?? loadConfig();
  const clients = createClients(config);
  return {
    config,
    clients,
    jobs: new DynamoJobStore(clients.ddb, config.table),
    dispatcher: options.dispatcher,
    now: options.now ?? (() => new Date()),
  };
}
