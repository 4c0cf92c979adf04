import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** One function's minified bundle. */
export interface BundleSize {
  function: string;
  bytes: number;
}

/** The goal of issue 8: every function bundle at most 1 MB (counted as 1,000,000 bytes, the strict reading). */
export const MAX_BUNDLE_BYTES = 1_000_000;

/**
 * Bundles every `functions/<name>/handler.ts` the way the CDK construct does (infra/constructs/
 * AbFunction.ts: ESM, node22, minified, `@aws-sdk/*` external because the runtime ships it) in
 * memory and returns the size of each JavaScript output (source maps excluded).
 */
export async function bundleSizes(root: string): Promise<BundleSize[]> {
  const dir = join(root, 'functions');
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && readdirSync(join(dir, entry.name)).includes('handler.ts'))
    .map((entry) => entry.name)
    .sort();
  const sizes: BundleSize[] = [];
  for (const name of names) {
    const out = await build({
      entryPoints: [join(dir, name, 'handler.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      mainFields: ['module', 'main'],
      minify: true,
      external: ['@aws-sdk/*'],
      logLevel: 'silent',
      outdir: join(root, 'cdk.out', 'bench-bundles', name),
    });
    const bytes = out.outputFiles
      .filter((f) => f.path.endsWith('.js'))
      .reduce((sum, f) => sum + f.contents.byteLength, 0);
    sizes.push({ function: name, bytes });
  }
  return sizes;
}
