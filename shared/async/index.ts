export { chunked } from './chunked.ts';
export { settleAll } from './settleAll.ts';
