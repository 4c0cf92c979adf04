export { type Caller, SCOPES, type Scope } from './scopes.ts';
