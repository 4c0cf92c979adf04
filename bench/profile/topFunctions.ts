import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { locateFunction } from './locateFunction.ts';

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

/** Self time of one part of the code base (a `shared/` area, the stand-ins, Node, GC…). */
export interface AreaTime {
  area: string;
  selfMs: number;
  share: number;
}

/** The part of the code base a profiled file belongs to. */
function areaOf(file: string, functionName: string): string {
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (file.startsWith('shared/')) return file.split('/').slice(0, 2).join('/');
  if (file.startsWith('bench/')) return 'bench stand-ins (DynamoDB, S3)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return `library ${pkg[1]}`;
  if (file.startsWith('node:')) return 'Node.js (streams, zlib, timers)';
  return 'V8 and native code';
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
): Promise<{
  top: HotFunction[];
  byArea: AreaTime[];
  totalMs: number;
  idleMs: number;
  gcMs: number;
  benchMs: number;
}> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  // Samples taken while the profiler itself stops and serialises (inspector `post`) are not the app's.
  const profilerOwn = (id: number): boolean => {
    for (let cur = parent.get(id); cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame;
      if (frame?.functionName === 'post' && frame.url.includes('inspector')) return true;
    }
    return false;
  };
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i += 1) {
    const id = profile.samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const grouped = new Map<string, HotFunction>();
  const areas = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  let gcUs = 0;
  let benchUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node || profilerOwn(id)) continue;
    totalUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    if (functionName === '(garbage collector)') gcUs += us;
    const absolute = url.startsWith('file://') ? new URL(url).pathname : undefined;
    const file = absolute ? relative(root, absolute) : url;
    const line =
      absolute && lineNumber === 0 ? (locateFunction(absolute, functionName) ?? 1) : lineNumber + 1;
    const where = file ? `${file}:${line}` : '(native)';
    if (file.startsWith('bench/')) benchUs += us;
    const area = areaOf(file, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
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
  const byArea = [...areas]
    .map(([area, us]) => ({
      area,
      selfMs: Math.round(us / 100) / 10,
      share: busyMs === 0 ? 0 : us / 1000 / busyMs,
    }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return {
    top,
    byArea,
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    gcMs: gcUs / 1000,
    benchMs: benchUs / 1000,
  };
}
