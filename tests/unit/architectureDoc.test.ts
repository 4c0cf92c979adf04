import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const doc = readFileSync('docs/architecture.md', 'utf8');

/** The rows of the markdown table under `## <heading>` whose header starts with `first`, as cells without backticks. */
function tableRows(first: string): string[][] {
  const lines = doc.split('\n');
  const header = lines.findIndex((line) => line.startsWith(`| ${first} |`));
  if (header < 0) throw new Error(`docs/architecture.md: no table headed "${first}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim().replaceAll('`', '')),
    );
  }
  return rows;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** `class X implements Y` in the core: what implements each port, read off the code. */
function implementationsInCode(): Map<string, string[]> {
  const byPort = new Map<string, string[]>();
  for (const file of filesUnder('shared')) {
    for (const [, name, port] of readFileSync(file, 'utf8').matchAll(/class (\w+) implements (\w+)/g)) {
      byPort.set(port as string, [...(byPort.get(port as string) ?? []), name as string].sort());
    }
  }
  return byPort;
}

describe('docs/architecture.md', () => {
  it('lists every port the core implements, where it is declared, and exactly its implementations', () => {
    const rows = tableRows('Port');
    const documented = new Map(
      rows.map(([port, , impls]) => [port as string, (impls as string).split(', ').sort()]),
    );
    expect(documented).toEqual(implementationsInCode());
    for (const [port, declaredIn] of rows) {
      expect(readFileSync(declaredIn as string, 'utf8'), `${port} in ${declaredIn}`).toMatch(
        new RegExp(`export interface ${port}\\b`),
      );
    }
  });

  it('names the code folders there are, each once', () => {
    const documented = tableRows('Folder').map(([folder]) => (folder as string).replace(/\/$/, ''));
    const code = ['bench', 'cli', 'console', 'functions', 'infra', 'local', 'shared'];
    expect([...documented].sort()).toEqual(code);
    for (const folder of code) expect(statSync(folder).isDirectory()).toBe(true);
  });

  it('gives the ingest steps runIngestJob runs, in its order', () => {
    const runner = readFileSync('shared/ingest/runIngestJob.ts', 'utf8');
    const start = runner.indexOf('async function ingestSteps(');
    const body = runner.slice(start, runner.indexOf('\n}\n', start));
    const called = [...body.matchAll(/await (\w+)\(/g)].map(([, step]) => step);
    expect(called.length).toBeGreaterThan(4);
    expect(tableRows('Step').map(([, module]) => module)).toEqual(called);
  });
});
