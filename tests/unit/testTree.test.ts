import { readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The folders directly under `dir`. */
const foldersIn = (dir: string) =>
  readdirSync(dir).filter((name) => statSync(`${dir}/${name}`).isDirectory());

/** The edge folders next to the core, which have unit tests of their own. */
const EDGES = ['bench', 'cli', 'console', 'functions', 'local'];

describe('the unit test tree', () => {
  it('mirrors shared/ and the edge folders: tests/unit/<area> tests shared/<area>', () => {
    const areas = new Set([...foldersIn('shared'), ...EDGES]);
    expect(foldersIn('tests/unit').filter((dir) => !areas.has(dir))).toEqual([]);
  });

  it('mirrors functions/: tests/unit/functions/<fn> tests functions/<fn>', () => {
    const handlers = new Set(foldersIn('functions'));
    expect(foldersIn('tests/unit/functions').filter((dir) => !handlers.has(dir))).toEqual([]);
  });
});
