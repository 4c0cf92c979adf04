import { readFileSync } from 'node:fs';

const cache = new Map<string, string[]>();

/**
 * The 1-based line where `name` is defined in `file` (a function, method or arrow assigned to a
 * name), or undefined. V8 profiles of tsx-loaded code report positions in the transformed
 * module, so the bench points at the source definition instead.
 */
export function locateFunction(file: string, name: string): number | undefined {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
  let lines = cache.get(file);
  if (!lines) {
    try {
      lines = readFileSync(file, 'utf8').split('\n');
    } catch {
      return undefined;
    }
    cache.set(file, lines);
  }
  const patterns = [
    new RegExp(`\\bfunction\\*?\\s+${name}\\s*[<(]`),
    new RegExp(
      `^\\s*(?:(?:public|private|protected|static|async|override|readonly|get|set)\\s+)*\\*?${name}\\s*[<(]`,
    ),
    new RegExp(`\\b(?:const|let|var)\\s+${name}\\s*=`),
    new RegExp(`\\b${name}\\s*[:=]\\s*(?:async\\s*)?(?:\\([^)]*\\)|\\w+)\\s*=>`),
  ];
  for (const pattern of patterns) {
    const index = lines.findIndex((line) => pattern.test(line));
    if (index !== -1) return index + 1;
  }
  return undefined;
}
