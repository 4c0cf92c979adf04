/**
 * True when the bytes start with the gzip magic number (1f 8b). Drops are recognised as gzip by
 * content, never by name: partners send `.gz` files that are plain and plain names that are gzip.
 */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}
