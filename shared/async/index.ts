export { settleAll } from './settleAll.ts';
