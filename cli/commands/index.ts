// One Command per file; each engineer appends a line for theirs.
export { devCommand } from './dev.ts';
export { inspectCommand } from './inspect.ts';
export { tokenCommand } from './token.ts';
