import type { BenchResults } from '../BenchResults.ts';
import { summaryRows } from './summaryRows.ts';

/** The summary table for the terminal, aligned columns. */
export function printTable(r: BenchResults): string {
  const rows = [['metric', 'this run', 'goal', 'met'], ...summaryRows(r)];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ');
  const m = r.machine;
  return [
    `audience-bridge bench: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, load ${m.loadAverageStart.toFixed(1)} → ${m.loadAverageEnd.toFixed(1)}`,
    line(rows[0] ?? []),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(line),
  ].join('\n');
}
