/** Accepted namespaces remembered (a drop names one or two on every line); bounded, in memory only. */
const MAX_REMEMBERED = 1_000;
const accepted = new Set<string>();

/**
 * Namespace syntax: a well-known name, `dpid:<n>`, or a data source's name (lowercase letter, then
 * up to 63 of `a-z 0-9 _ -`). `#` never appears, so it can separate namespace and value in keys.
 */
export function isNamespace(namespace: string): boolean {
  if (accepted.has(namespace)) return true;
  const ok = namespace === 'recipientId' || /^(dpid:\d{1,10}|[a-z][a-z0-9_-]{0,63})$/.test(namespace);
  if (ok && accepted.size < MAX_REMEMBERED) accepted.add(namespace);
  return ok;
}
