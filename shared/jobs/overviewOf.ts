import type { Job, JobStatus } from './Job.ts';

/** Drops per day by status, and rows and match rate per partner (`GET /v1/stats/overview`). */
export interface Overview {
  days: Array<{ date: string } & Record<JobStatus, number>>;
  partners: Array<{
    partner: string;
    drops: number;
    rows: number;
    recordsProcessed: number;
    unmatchedIds: number;
  }>;
}

const DAY_MS = 86_400_000;

/** The partner a drop belongs to: the folder under `inbound/` (`default` for a drop right under it). */
export function partnerOfKey(key: string): string {
  const parts = key.split('/');
  return parts[0] === 'inbound' && parts.length > 2 ? (parts[1] ?? 'default') : 'default';
}

/**
 * Sums the drops (ingest jobs) created in the `days` days up to `now`: one row per UTC day,
 * oldest first (days without drops at zero), and one row per partner, most rows first.
 *
 * @example
 * overviewOf(jobs, new Date('2026-12-02T12:00:00Z'), 30).days.length; // 30
 */
export function overviewOf(jobs: readonly Job[], now: Date, days: number): Overview {
  const today = Math.floor(now.getTime() / DAY_MS);
  const byDay = Array.from({ length: days }, (_, i) => ({
    date: new Date((today - days + 1 + i) * DAY_MS).toISOString().slice(0, 10),
    queued: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
  }));
  const partners = new Map<string, Overview['partners'][number]>();
  for (const job of jobs) {
    if (job.type !== 'ingest') continue;
    const day = Math.floor(Date.parse(job.createdAt) / DAY_MS) - (today - days + 1);
    const row = byDay[day];
    if (!row) continue;
    row[job.status]++;
    const partner = partnerOfKey(job.source?.key ?? '');
    const sum = partners.get(partner) ?? { partner, drops: 0, rows: 0, recordsProcessed: 0, unmatchedIds: 0 };
    sum.drops++;
    sum.rows += job.receipt.linesRead;
    sum.recordsProcessed += job.receipt.recordsProcessed;
    sum.unmatchedIds += job.receipt.unmatchedIds;
    partners.set(partner, sum);
  }
  return { days: byDay, partners: [...partners.values()].sort((a, b) => b.rows - a.rows) };
}
