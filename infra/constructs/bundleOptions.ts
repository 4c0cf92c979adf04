/**
 * How every function is bundled (esbuild, through `AbFunction`), in one place so the bench and the
 * bundle tests build exactly what CDK deploys.
 */

/**
 * ESM output still meets CommonJS dependencies that call `require` or read `__dirname` while
 * loading (ssh2 does both: without them every function importing delivery code dies at cold start).
 */
export const ESM_CJS_BANNER = [
  "import { createRequire as __abCreateRequire } from 'node:module';",
  "import { fileURLToPath as __abFileURLToPath } from 'node:url';",
  "import { dirname as __abDirname } from 'node:path';",
  'const require = __abCreateRequire(import.meta.url);',
  'const __filename = __abFileURLToPath(import.meta.url);',
  'const __dirname = __abDirname(__filename);',
].join(' ');

/**
 * Left out of the bundle: ssh2's optional native add-ons (`sshcrypto.node`, `cpu-features`), which
 * esbuild cannot bundle and which ssh2 loads inside a `try`, falling back to Node's crypto.
 * Everything else, the AWS SDK included, is bundled: the code runs with the SDK it was tested with
 * (docs/deploy.md).
 */
export const EXTERNAL_MODULES = ['cpu-features', '*.node'];

/** The esbuild options `AbFunction` passes (ESM for Node 22, minified). */
export const BUNDLE_OPTIONS = {
  format: 'esm' as const,
  platform: 'node' as const,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  external: EXTERNAL_MODULES,
  banner: { js: ESM_CJS_BANNER },
};
