// One Command per file; each engineer appends a line for theirs.
export { devCommand } from './dev.ts';
export { dropCommand } from './drop.ts';
export { hashCommand } from './hash.ts';
export { inspectCommand } from './inspect.ts';
export { jobCommand } from './job.ts';
export { jobsCommand } from './jobs.ts';
export { listsCommand } from './lists.ts';
export { smokeCommand } from './smoke.ts';
export { tokenCommand } from './token.ts';
