/** Injected into the browser build: the parsers use Node's global `Buffer`. */
export { Buffer } from './buffer.ts';
