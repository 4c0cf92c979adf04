import { Command, InvalidArgumentError, Option } from 'commander';
import type { Job, JobType } from '../../shared/jobs/index.ts';
import { type ApiAccessOptions, ApiClient } from '../apiClient.ts';
import { formatTable } from '../formatTable.ts';
import { type CliIo, stdio } from '../io.ts';

export interface JobsOptions extends ApiAccessOptions {
  type?: JobType;
  /** How many recent jobs (1..100, default 20). */
  limit?: number;
  /** Refresh until interrupted (or `signal` aborts). */
  watch?: boolean;
  /** Milliseconds between refreshes when watching (default 2000). */
  intervalMs?: number;
  /** Ends a watch (tests; Ctrl-C otherwise). */
  signal?: AbortSignal;
}

const HEADER = [
  'JOB',
  'TYPE',
  'STATUS',
  'LINES',
  'PROCESSED',
  'REJECTED',
  'UNMATCHED',
  'ADDED',
  'REMOVED',
  'WRITTEN',
  'UPDATED',
];

function row(job: Job): string[] {
  const r = job.receipt;
  const rejected = r.formatErrors + r.invalidIds;
  return [
    job.jobId,
    job.type,
    job.status,
    String(r.linesRead),
    String(r.recordsProcessed),
    String(rejected),
    String(r.unmatchedIds),
    String(r.membershipsAdded),
    String(r.membershipsRemoved),
    String(r.recordsWritten ?? 0),
    job.updatedAt,
  ];
}

/** The table of recent jobs, header first; one line saying so when there is none. */
function render(jobs: readonly Job[]): string[] {
  if (jobs.length === 0) return ['no jobs'];
  return formatTable([HEADER, ...jobs.map(row)], [3, 4, 5, 6, 7, 8, 9]);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * `audience-bridge jobs`: recent jobs, newest first, with status and counters. `watch` redraws
 * the table every `intervalMs` (clearing the screen on a terminal) until interrupted.
 *
 * @example
 * await runJobs({ type: 'ingest', limit: 5 }, stdio());
 */
export async function runJobs(options: JobsOptions, io: CliIo): Promise<void> {
  const api = await ApiClient.connect(options, io.env);
  const query = new URLSearchParams({ limit: String(options.limit ?? 20) });
  if (options.type) query.set('type', options.type);
  const path = `/v1/jobs?${query}`;
  const signal = options.signal;
  do {
    const { jobs } = await api.get<{ jobs: Job[] }>(path);
    if (options.watch && io.interactive) io.out('\u001b[2J\u001b[H');
    for (const line of render(jobs)) io.out(line);
    if (!options.watch || signal?.aborted) break;
    await sleep(options.intervalMs ?? 2000, signal);
  } while (!signal?.aborted);
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > 100) throw new InvalidArgumentError('expected 1..100');
  return limit;
}

/** `audience-bridge jobs [--type ingest|export] [--limit N] [--watch] [--api URL --token T]`. */
export const jobsCommand = new Command('jobs')
  .description('table of recent jobs with status and counters (local stack by default)')
  .addOption(
    new Option('--type <type>', 'only this job type').choices(['ingest', 'export', 'deliver', 'rematch']),
  )
  .addOption(new Option('--limit <n>', 'how many jobs').argParser(parseLimit).default(20))
  .option('--watch', 'refresh every 2 seconds until Ctrl-C')
  .option('--api <url>', 'API base URL (default: the local stack on AB_PORT)')
  .option('--token <token>', 'bearer token (default: minted with the local signing key)')
  .action(async (options: JobsOptions) => {
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    try {
      await runJobs({ ...options, signal: controller.signal }, stdio());
    } finally {
      process.off('SIGINT', stop);
    }
  });
