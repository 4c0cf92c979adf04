import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { type ConsoleFile, contentTypeOf } from '../functions/console/serveConsole.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The Node built-ins the shared parsers import, served by small browser shims. */
const SHIMS: Record<string, string> = {
  'node:zlib': 'zlib.ts',
  'node:stream': 'stream.ts',
  'node:crypto': 'crypto.ts',
  'node:buffer': 'buffer.ts',
};

const nodeShims: Plugin = {
  name: 'node-shims',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => {
      const shim = SHIMS[args.path];
      if (!shim)
        return { errors: [{ text: `${args.path} has no browser shim (imported by ${args.importer})` }] };
      return { path: `${root}shims/${shim}` };
    });
  },
};

/**
 * Builds the console: the Preact app (`src/main.ts`) as ES modules split so the in-browser
 * `inspect` (the real format parsers, with `node:` shims) loads only on the drop page, its CSS
 * and `index.html`. Runs in memory in ~0.1 s: the local stack builds it at start, CDK at synth.
 *
 * @example
 * const assets = await buildConsole(); // [{ path: 'index.html', … }, { path: 'app.js', … }, …]
 */
export async function buildConsole(options: { minify?: boolean } = {}): Promise<ConsoleFile[]> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { app: 'src/main.tsx' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120', 'firefox120', 'safari17'],
    minify: options.minify ?? true,
    sourcemap: false,
    write: false,
    outdir: 'out',
    chunkNames: 'chunks/[name]-[hash]',
    inject: ['shims/bufferGlobal.ts'],
    plugins: [nodeShims],
    loader: { '.css': 'css' },
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const outdir = `${root}out/`;
  const assets = result.outputFiles.map((file) => ({
    path: file.path.slice(outdir.length),
    body: file.contents,
    contentType: contentTypeOf(file.path),
  }));
  const html = await readFile(`${root}src/index.html`);
  return [{ path: 'index.html', body: html, contentType: contentTypeOf('index.html') }, ...assets];
}
