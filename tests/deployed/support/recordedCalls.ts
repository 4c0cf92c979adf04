import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedCall } from '../../../shared/aws/index.ts';

/** Every distinct call recorded in `dir` during this test run (all worker processes). */
export function readRecordedCalls(dir: string): RecordedCall[] {
  const lines = new Set<string>();
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.ndjson'));
  } catch {
    return [];
  }
  for (const file of files) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) if (line) lines.add(line);
  }
  return [...lines].map((line) => JSON.parse(line) as RecordedCall);
}
