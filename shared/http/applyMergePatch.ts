const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * JSON Merge Patch (RFC 7396): members of `patch` replace those of `target`, `null` removes one,
 * objects merge recursively, anything else (arrays too) replaces whole. A patch that is not an
 * object replaces the target. Neither input is changed.
 *
 * @example
 * applyMergePatch({ a: 1, m: { x: 1, y: 2 } }, { a: null, m: { y: 3 } }); // { m: { x: 1, y: 3 } }
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete result[name];
    else result[name] = applyMergePatch(result[name], value);
  }
  return result;
}
