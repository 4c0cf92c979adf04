export { createRuntime, type Runtime, type RuntimeOptions } from './Runtime.ts';
