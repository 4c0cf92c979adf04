import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/index.ts';
import { SCOPES, type Scope, signToken } from '../../shared/auth/index.ts';
import type { Job, JobStatus } from '../../shared/jobs/index.ts';

export interface FetchJsonOptions {
  /** Bearer token; omitted: a token with every scope; `null`: no Authorization header. */
  token?: string | null;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** JSON-encoded unless already a string or bytes (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface JsonAnswer<T = unknown> {
  status: number;
  /** Parsed JSON, or the raw text when the answer is not JSON; undefined when empty. */
  body: T;
  headers: Headers;
}

export interface WaitForJobOptions {
  /** Statuses that end the wait; `succeeded` and `failed` by default. */
  until?: readonly JobStatus[];
  /** 20 s by default. */
  timeoutMs?: number;
  /** An extra condition the job must meet too (a status alone can be a passing state). */
  where?: (job: Job) => boolean;
}

/** The local stack on free ports, in memory, plus shortcuts for tests. */
export interface TestStack extends LocalStack {
  /** Temporary `AB_HOME` (signing key), removed by `stop()`. */
  home: string;
  /** A bearer token signed with the stack's key: every scope by default, or the given ones. */
  token(
    scopes?: readonly Scope[] | string,
    options?: { ttlSeconds?: number; subject?: string },
  ): Promise<string>;
  /** Calls the HTTP API (`path` like `/v1/jobs?type=ingest`). */
  fetchJson<T = unknown>(path: string, options?: FetchJsonOptions): Promise<JsonAnswer<T>>;
  /** Puts an object in the bucket (a key under `inbound/` is a drop: it triggers ingest). */
  drop(key: string, body: string | Uint8Array): Promise<void>;
  /** Polls the job until its status is one of `until` (terminal by default); throws on timeout. */
  waitForJob(jobId: string, options?: WaitForJobOptions): Promise<Job>;
}

/**
 * Starts the local stack for an integration test: free ports, memory only, a temporary home,
 * quick redelivery (50 ms) and the hourly schedule (pass `scheduleIntervalMs` to make it fire).
 * One stack per test file (it installs the handlers' runtime for the process).
 *
 * @example
 * let stack: TestStack;
 * beforeAll(async () => { stack = await startTestStack(); });
 * afterAll(() => stack.stop());
 * it('lists jobs', async () => {
 *   const { status, body } = await stack.fetchJson('/v1/jobs');
 * });
 */
export async function startTestStack(options: LocalStackOptions = {}): Promise<TestStack> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'ab-home-'));
  const stack = await startLocalStack({
    port: 0,
    s3Port: 0,
    dynamodbPort: 0,
    memory: true,
    redeliveryDelayMs: 50,
    shutdownTimeoutMs: 5_000,
    ...options,
    home,
  });
  let defaultToken: Promise<string> | undefined;

  const token: TestStack['token'] = (scopes = SCOPES, tokenOptions = {}) =>
    signToken({
      key: stack.signingKey,
      issuer: stack.config.jwtIssuer,
      audience: stack.config.jwtAudience,
      scope: typeof scopes === 'string' ? scopes : scopes.join(' '),
      ttlSeconds: tokenOptions.ttlSeconds ?? 3600,
      ...(tokenOptions.subject ? { subject: tokenOptions.subject } : {}),
    });

  const fetchJson = async <T>(path: string, fetchOptions: FetchJsonOptions = {}): Promise<JsonAnswer<T>> => {
    const headers: Record<string, string> = { ...fetchOptions.headers };
    if (fetchOptions.token === undefined) defaultToken ??= token();
    const bearer = fetchOptions.token === undefined ? await defaultToken : fetchOptions.token;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    let body: string | Uint8Array | undefined;
    if (fetchOptions.body !== undefined) {
      const raw = fetchOptions.body;
      body = typeof raw === 'string' || raw instanceof Uint8Array ? raw : JSON.stringify(raw);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method: fetchOptions.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    let parsed: unknown = text === '' ? undefined : text;
    try {
      if (text !== '') parsed = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };

  const drop = async (key: string, body: string | Uint8Array) => {
    await stack.runtime.clients.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: key, Body: body }));
  };

  const waitForJob = async (jobId: string, waitOptions: WaitForJobOptions = {}) => {
    const until = waitOptions.until ?? ['succeeded', 'failed'];
    const deadline = Date.now() + (waitOptions.timeoutMs ?? 20_000);
    let last: Job | undefined;
    while (Date.now() < deadline) {
      last = await stack.runtime.jobs.get(jobId);
      if (last && until.includes(last.status) && (waitOptions.where?.(last) ?? true)) return last;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`job ${jobId} did not reach ${until.join('/')} (last status: ${last?.status ?? 'none'})`);
  };

  const stopStack = stack.stop;
  const stop = async () => {
    await stopStack();
    if (!options.home) rmSync(home, { recursive: true, force: true });
  };

  // Keep the stack's own getters (scheduleRuns) live: extend the object instead of copying it.
  return Object.assign(stack, { home, token, fetchJson, drop, waitForJob, stop });
}
