/**
 * Namespace syntax: a well-known name, `dpid:<n>`, or a data source's name (lowercase letter, then
 * up to 63 of `a-z 0-9 _ -`). `#` never appears, so it can separate namespace and value in keys.
 */
export function isNamespace(namespace: string): boolean {
  return namespace === 'recipientId' || /^(dpid:\d{1,10}|[a-z][a-z0-9_-]{0,63})$/.test(namespace);
}
