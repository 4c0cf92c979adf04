import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** One AWS call as IAM sees it: who made it, the operation, and the names of what it touched. */
export interface RecordedCall {
  /** The function whose invocation sent it (`api`, `reconcile`, `ingest`, `export`, `schedule`). */
  fn: string;
  /** The SDK client, e.g. `S3Client`. */
  client: string;
  /** The API operation, e.g. `CopyObject`. */
  operation: string;
  /** The input fields that name resources (bucket, key, prefix, table, index, queue, key ID). */
  input: Record<string, string | string[]>;
}

/** Input fields that name resources; nothing else (no item, no body) is ever recorded. */
const NAMING_FIELDS = [
  'Bucket',
  'Key',
  'Prefix',
  'CopySource',
  'TableName',
  'IndexName',
  'QueueUrl',
  'KeyId',
];

const currentFunction = new AsyncLocalStorage<string>();

/**
 * Runs one handler invocation as function `fn`, so the calls it sends are recorded under that
 * name. The local stack tags its handlers with it; in a bundle the process is one function,
 * named by `AWS_LAMBDA_FUNCTION_NAME`.
 */
export function recordCallsAs<T>(fn: string, work: () => T): T {
  return currentFunction.run(fn, work);
}

interface MiddlewareTarget {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { input: object }) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: { input: object }) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * When `dir` is set (tests: `AB_RECORD_AWS_CALLS`), appends every distinct call a function sends
 * through `client` to `<dir>/calls-<pid>.ndjson`, for `tests/deployed/` to hold against the
 * function's IAM role. Calls outside a function invocation (test setup) are not recorded. With no
 * `dir` nothing is added to the client: production pays nothing.
 */
export function recordCalls<C extends MiddlewareTarget>(client: C, dir: string | undefined): C {
  if (!dir) return client;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      recordCall(
        dir,
        context.clientName ?? 'unknown',
        (context.commandName ?? 'unknown').replace(/Command$/, ''),
        args.input,
      );
      return next(args);
    },
    { step: 'initialize', name: 'abCallRecorder' },
  );
  return client;
}

/**
 * Records one call (`client` as the SDK names it, e.g. `DynamoDBClient`, and the API operation)
 * under the function sending it, as `recordCalls` does: for clients without the SDK's middleware.
 */
export function recordCall(dir: string, client: string, operation: string, input: object): void {
  const fn = currentFunction.getStore() ?? process.env.AWS_LAMBDA_FUNCTION_NAME;
  if (!fn) return;
  const call: RecordedCall = {
    fn,
    client,
    operation,
    input: namingFields(input as Record<string, unknown>),
  };
  write(join(dir, `calls-${process.pid}.ndjson`), dir, JSON.stringify(call));
}

const written = new Set<string>();

function write(file: string, dir: string, line: string): void {
  if (written.has(line)) return;
  written.add(line);
  mkdirSync(dir, { recursive: true });
  appendFileSync(file, `${line}\n`);
}

function namingFields(input: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const field of NAMING_FIELDS) {
    const value = input[field];
    if (typeof value === 'string') out[field] = value;
  }
  // Batch operations name their tables as the keys of RequestItems.
  if (input.RequestItems && typeof input.RequestItems === 'object') {
    out.TableName = Object.keys(input.RequestItems);
  }
  return out;
}
