import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/**
 * Runs `work` under the V8 CPU profiler (the same profiler as `node --cpu-prof`, but only around
 * the measured region, so seeding and start-up do not drown the ingest core) and writes the
 * `.cpuprofile` to `path` (open it in Chrome DevTools or read it with `topFunctions`).
 */
export async function withCpuProfile<T>(path: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!path) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(path, JSON.stringify(profile));
    session.disconnect();
  }
}
