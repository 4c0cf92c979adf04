import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeTable } from './routeTable.ts';

const DOC = new URL('../../../docs/security.md', import.meta.url);

describe('docs/security.md', () => {
  it('lists every served route with its scope when compared with the route tables', () => {
    const text = readFileSync(DOC, 'utf8');
    const table = /<!-- routes:start -->\n([\s\S]*?)\n<!-- routes:end -->/.exec(text)?.[1];
    // On a mismatch: paste the received table between the markers.
    expect(table).toBe(routeTable());
  });
});
