import { Command } from 'commander';
import { SCOPES } from '../../shared/auth/index.ts';
import { ValidationError } from '../../shared/errors/index.ts';
import { ApiClient } from '../apiClient.ts';
import { type CliIo, stdio } from '../io.ts';

export interface SmokeOptions {
  /** Against the local stack (`npm start`, the default): its API on AB_PORT, a token from AB_HOME. */
  local?: boolean;
  /** Against a deployment: `api` (the stack's ApiUrl output) and `token` are required. */
  aws?: boolean;
  api?: string;
  token?: string;
  /** Longest wait for each job, seconds. */
  timeout?: string;
}

/** What the smoke check writes: its own partner, recipient, list, data source and shared audience. */
const NAME = 'audience-bridge-smoke';
const RECIPIENT = 'audience-bridge-smoke-1';
const SEGMENT = '990001';
const LIST = `aam.${SEGMENT}`;
/** A valid visitor ID (ECID): both 19-digit halves under 2^63. */
const ECID = '12345678901234567890000000000000990001';

interface Job {
  jobId: string;
  status: string;
  error?: { message?: string };
  receipt?: { membershipsAdded?: number };
}

const jobPath = (jobId: string) => `/v1/jobs/${encodeURIComponent(jobId)}`;

async function waitForJob(api: ApiClient, jobId: string, timeoutMs: number, pollMs: number): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await api.get<Job>(jobPath(jobId)).catch((error: Error) => {
      // The ingest job appears once the worker has taken the drop's notification.
      if (error.name === 'NotFoundError') return undefined;
      throw error;
    });
    if (job?.status === 'succeeded') return job;
    if (job?.status === 'failed')
      throw new Error(`job ${jobId} failed: ${job.error?.message ?? 'no reason given'}`);
    if (Date.now() > deadline)
      throw new Error(`job ${jobId} still ${job?.status ?? 'not started'} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function fetchText(url: string, init?: RequestInit): Promise<string> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} of a presigned link answered ${res.status}`);
  return text;
}

/** The steps, in order, each throwing with what went wrong. */
function steps(api: ApiClient, timeoutMs: number, pollMs: number) {
  const key = `inbound/${NAME}/S3_1234_163_iter_${Date.now()}.sync`;
  const drop = `${ECID} ${SEGMENT} \n`;
  let exportJob = '';
  return [
    { name: 'health', run: () => api.get('/health') },
    {
      name: 'partner, recipient and its visitor ID',
      run: async () => {
        await api.send('PUT', `/v1/partners/${NAME}`, {
          lists: [LIST],
          fullReplace: false,
          recipients: false,
        });
        await api.send('PUT', `/v1/recipients/${RECIPIENT}`, { email: `${RECIPIENT}@example.invalid` });
        await api.send('POST', '/v1/identities/links', {
          recipientId: RECIPIENT,
          ids: [{ namespace: 'ecid', value: ECID }],
        });
        // A run after the first: out of the list again, so that this run's drop changes something
        // (a drop that applies nothing counts in the ZeroMatchDrops alarm).
        await api.send('POST', `/v1/lists/${LIST}/members`, { remove: [RECIPIENT] }).catch((error: Error) => {
          if (error.name !== 'NotFoundError') throw error;
        });
      },
    },
    {
      name: `drop ${key}`,
      run: async () => {
        const plan = await api.send<{ url?: string }>('POST', '/v1/uploads', {
          key,
          size: Buffer.byteLength(drop),
        });
        if (!plan.url) throw new Error('expected a single-PUT upload link for a tiny file');
        await fetchText(plan.url, { method: 'PUT', body: drop });
      },
    },
    {
      name: 'ingest job',
      run: async () => {
        const job = await waitForJob(api, `ingest:${key}`, timeoutMs, pollMs);
        if (job.receipt?.membershipsAdded !== 1)
          throw new Error(`receipt: expected 1 membership added, got ${job.receipt?.membershipsAdded}`);
      },
    },
    {
      name: `list ${LIST}`,
      run: async () => {
        const { members } = await api.get<{ members: { recipientId: string }[] }>(
          `/v1/lists/${LIST}/members`,
        );
        if (!members.some((m) => m.recipientId === RECIPIENT))
          throw new Error(`${RECIPIENT} is not a member`);
      },
    },
    {
      name: 'export',
      run: async () => {
        await api.send('PUT', `/v1/data-sources/${NAME}`, {
          kind: 'visitor',
          dpid: 163,
          reconciliationKey: 'recipientId',
          encoding: 'plain',
          channel: 'other',
        });
        await api.send('PUT', `/v1/shared-audiences/${NAME}`, {
          listId: LIST,
          dataSource: NAME,
          format: 'aam-inbound',
          mode: 'full',
          traitId: SEGMENT,
          schedule: 'manual',
        });
        const started = await api.send<{ jobId: string }>('POST', '/v1/exports', {
          sharedAudience: NAME,
          mode: 'full',
        });
        exportJob = started.jobId;
        await waitForJob(api, exportJob, timeoutMs, pollMs);
      },
    },
    {
      name: 'published file',
      run: async () => {
        const { files } = await api.get<{ files: { kind: string; url: string }[] }>(
          `${jobPath(exportJob)}/files`,
        );
        const output = files.find((f) => f.kind === 'output');
        if (!output) throw new Error('the export job lists no output file');
        const text = await fetchText(output.url);
        if (!text.split('\n').includes(`${ECID}\td_sid=${SEGMENT}`))
          throw new Error(`the published file has no line for the smoke visitor (${text.length} bytes)`);
      },
    },
  ];
}

/**
 * `audience-bridge smoke --local|--aws`: drops a one-line file, waits for its ingest job, reads the
 * list, exports it and reads the published file back, all through the HTTP API (the drop through a
 * presigned upload link), so it needs nothing but the API and a token. Prints each step; on the first
 * failure prints it and sets exit code 1.
 *
 * @example
 * await runSmoke({ local: true }, stdio());
 */
export async function runSmoke(options: SmokeOptions, io: CliIo): Promise<void> {
  if (options.aws && options.local) throw new ValidationError('--aws, --local: choose one', { field: 'aws' });
  if (options.aws && !options.api)
    throw new ValidationError('--api: required with --aws (the stack output ApiUrl)', { field: 'api' });
  const timeoutMs = Number(options.timeout ?? (options.aws ? 300 : 60)) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new ValidationError('--timeout: expected a number of seconds', { field: 'timeout' });
  const api = await ApiClient.connect(options.aws ? options : {}, io.env, SCOPES.join(' '));
  io.out(`smoke check against ${api.baseUrl}`);
  for (const step of steps(api, timeoutMs, options.aws ? 2000 : 200)) {
    const began = Date.now();
    try {
      await step.run();
    } catch (error) {
      io.out(`✗ ${step.name}: ${(error as Error).message}`);
      io.err(`smoke check failed at step: ${step.name}`);
      process.exitCode = 1;
      return;
    }
    io.out(`✓ ${step.name} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
  }
  io.out('smoke check passed');
}

/** `audience-bridge smoke [--local | --aws --api URL --token T] [--timeout S]`. */
export const smokeCommand = new Command('smoke')
  .description('drop a tiny file, wait for its job, read the list, export it, read the file back')
  .option('--local', 'against the local stack (default): its API on AB_PORT, a token from AB_HOME')
  .option('--aws', 'against a deployment (needs --api and --token)')
  .option('--api <url>', "the deployment's API URL (stack output ApiUrl)")
  .option('--token <token>', 'a bearer token from the issuer, with every scope')
  .option('--timeout <seconds>', 'longest wait for each job (default: 60 local, 300 AWS)')
  .action(async (options: SmokeOptions) => {
    await runSmoke(options, stdio());
  });
