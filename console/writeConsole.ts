import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildConsole } from './buildConsole.ts';

/**
 * `node --import tsx console/writeConsole.ts <dir>`: writes the built console into `<dir>`. CDK
 * runs it after bundling the console function, so its files ship inside that function's asset.
 */
const [dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: writeConsole.ts <output folder>');
for (const file of await buildConsole()) {
  const path = join(dir, file.path);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, file.body);
}
