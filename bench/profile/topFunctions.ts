import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** One function's self time in a CPU profile. */
export interface HotFunction {
  name: string;
  /** `path:line` relative to the repository (1-based line), or the runtime's own label. */
  where: string;
  selfMs: number;
  share: number;
}

/**
 * Reads a V8 `.cpuprofile` (`node --cpu-prof`) and returns the functions with the most self time,
 * grouped by name and location, plus the idle and garbage-collection time. Used by `npm run bench
 * -- --profile` to report what to speed up, with file:line.
 *
 * @example
 * const { top, idleMs } = await topFunctions('bench/profiles/ingest.cpuprofile', process.cwd(), 15);
 */
export async function topFunctions(
  path: string,
  root: string,
  limit = 15,
): Promise<{ top: HotFunction[]; totalMs: number; idleMs: number; gcMs: number }> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i += 1) {
    const id = profile.samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const grouped = new Map<string, HotFunction>();
  let totalUs = 0;
  let idleUs = 0;
  let gcUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    if (functionName === '(garbage collector)') gcUs += us;
    const file = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url;
    const where = file ? `${file}:${lineNumber + 1}` : '(native)';
    const name = functionName || '(anonymous)';
    const key = `${name}@${where}`;
    const entry = grouped.get(key) ?? { name, where, selfMs: 0, share: 0 };
    entry.selfMs += us / 1000;
    grouped.set(key, entry);
  }
  const busyMs = (totalUs - idleUs) / 1000;
  const top = [...grouped.values()]
    .map((f) => ({
      ...f,
      selfMs: Math.round(f.selfMs * 10) / 10,
      share: busyMs === 0 ? 0 : f.selfMs / busyMs,
    }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, limit);
  return { top, totalMs: totalUs / 1000, idleMs: idleUs / 1000, gcMs: gcUs / 1000 };
}
