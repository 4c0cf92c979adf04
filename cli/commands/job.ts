import { Command, Option } from 'commander';
import type { Job } from '../../shared/jobs/index.ts';
import { type ApiAccessOptions, ApiClient } from '../apiClient.ts';
import { formatTable } from '../formatTable.ts';
import { type CliIo, stdio } from '../io.ts';

export interface JobOptions extends ApiAccessOptions {
  /** How many rejected lines to show (default 10; the receipt keeps the first 100). */
  errors?: number;
}

/** The job as the API answers it: the record without its checkpoint. */
type VisibleJob = Omit<Job, 'checkpoint'>;

function receiptLines(job: VisibleJob): string[] {
  const r = job.receipt;
  const counters: [string, string][] = [
    ['format', `${r.format ?? '-'}${r.mode ? ` (${r.mode})` : ''}`],
    ['lines read', String(r.linesRead)],
    ['records processed', String(r.recordsProcessed)],
    ['format errors', String(r.formatErrors)],
    ['invalid IDs', String(r.invalidIds)],
    ['unmatched IDs', String(r.unmatchedIds)],
    ['memberships added', String(r.membershipsAdded)],
    ['memberships removed', String(r.membershipsRemoved)],
    ['ID links', String(r.idLinks)],
    ['segments', r.segments.length > 0 ? r.segments.join(', ') : '-'],
    ['duplicate', r.duplicate ? 'yes' : 'no'],
  ];
  if (r.skipped) counters.push(['skipped', r.skipped]);
  if (job.type === 'export' || r.recordsWritten !== undefined) {
    counters.push(
      ['records written', String(r.recordsWritten ?? 0)],
      ['records without ID', String(r.recordsWithoutId ?? 0)],
      ['records suppressed', String(r.recordsSuppressed ?? 0)],
    );
  }
  return formatTable(counters);
}

/** The readable receipt of one job: identity, counters, warnings, failure, outputs, rejected lines. */
function render(job: VisibleJob, maxErrors: number): string[] {
  const lines = formatTable([
    ['job', job.jobId],
    ['type', job.type],
    ['status', job.status],
    ['created', job.createdAt],
    ['updated', job.updatedAt],
    ['attempts', String(job.attempts)],
  ]);
  lines.push(...receiptLines(job));
  if (job.error) lines.push(`error: ${job.error.code}: ${job.error.message}`);
  const warnings = job.receipt.warnings ?? [];
  if (warnings.length > 0) {
    lines.push('warnings:');
    for (const warning of warnings) lines.push(`  - ${warning}`);
  }
  const outputs = [...(job.receipt.files ?? []), ...(job.outputKeys ?? [])];
  if (outputs.length > 0) {
    lines.push('outputs:');
    for (const key of [...new Set(outputs)]) lines.push(`  ${key}`);
  }
  const errors = job.receipt.errors;
  const rejected = job.receipt.formatErrors + job.receipt.invalidIds;
  if (errors.length > 0) {
    const shown = errors.slice(0, maxErrors);
    lines.push(`rejected lines (first ${shown.length} of ${rejected}):`);
    for (const error of shown) lines.push(`  line ${error.line}: ${error.reason}`);
  }
  return lines;
}

/**
 * `audience-bridge job ID`: one job's receipt, readable: status, every counter, warnings, the
 * failure reason, output files and the first rejected lines with their reasons.
 *
 * @example
 * await runJob('ingest:inbound/segments.sync', {}, stdio());
 */
export async function runJob(jobId: string, options: JobOptions, io: CliIo): Promise<void> {
  const api = await ApiClient.connect(options, io.env);
  const job = await api.get<VisibleJob>(`/v1/jobs/${encodeURIComponent(jobId)}`);
  for (const line of render(job, options.errors ?? 10)) io.out(line);
}

/** `audience-bridge job ID [--errors N] [--api URL --token T]`. */
export const jobCommand = new Command('job')
  .description("one job's receipt: counters, warnings and the first rejected lines")
  .argument('<id>', 'job ID, e.g. ingest:inbound/segments.sync')
  .addOption(
    new Option('--errors <n>', 'rejected lines to show')
      .argParser((v) => Math.max(0, Number.parseInt(v, 10) || 0))
      .default(10),
  )
  .option('--api <url>', 'API base URL (default: the local stack on AB_PORT)')
  .option('--token <token>', 'bearer token (default: minted with the local signing key)')
  .action(async (id: string, options: JobOptions) => {
    await runJob(id, options, stdio());
  });
