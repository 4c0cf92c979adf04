// The npm package (trailing slash), not Node's own module.
import { Buffer } from 'buffer/';

/** `node:buffer` for the browser build of the parsers: the `buffer` package, plus `isUtf8`. */
export { Buffer };

const strict = new TextDecoder('utf-8', { fatal: true });

export function isUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
