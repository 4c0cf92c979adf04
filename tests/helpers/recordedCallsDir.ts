import { mkdirSync, rmSync } from 'node:fs';

/**
 * Vitest global setup (vitest.config.ts): an empty folder for the AWS calls the functions send
 * during this run (`AB_RECORD_AWS_CALLS`), removed at the end.
 */
export default function recordedCallsDir(): () => void {
  const dir = process.env.AB_RECORD_AWS_CALLS;
  if (!dir) return () => {};
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return () => rmSync(dir, { recursive: true, force: true });
}
