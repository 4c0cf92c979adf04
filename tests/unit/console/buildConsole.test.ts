import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildConsole } from '../../../console/buildConsole.ts';

describe('buildConsole', () => {
  it('keeps the first load under 200 KB gzipped and loads the parsers only on the drop page', async () => {
    const files = await buildConsole();
    const byPath = new Map(files.map((f) => [f.path, f]));
    const app = Buffer.from(byPath.get('app.js')?.body ?? []).toString();
    // What the first page pulls in: the shell, the app, its CSS and the chunks app.js imports statically.
    const staticChunks = [...app.matchAll(/from"\.\/(chunks\/[^"]+)"/g)].map((m) => m[1] ?? '');
    const firstLoad = ['index.html', 'app.js', 'app.css', ...staticChunks];
    const gzipped = firstLoad.reduce(
      (sum, path) => sum + gzipSync(byPath.get(path)?.body ?? new Uint8Array()).length,
      0,
    );
    expect(gzipped).toBeLessThan(200 * 1024);
    const inspect = files.find((f) => f.path.startsWith('chunks/inspect-'));
    expect(inspect).toBeDefined();
    expect(staticChunks).not.toContain(inspect?.path);
    expect(app).toContain(`import("./${inspect?.path}")`);
  });
});
