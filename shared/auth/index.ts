export { bearerOf } from './bearerOf.ts';
export { LOCAL_SIGNING_ALG, loadSigningKey, SIGNING_KEY_FILE, type SigningKey } from './loadSigningKey.ts';
export { type Caller, SCOPES, type Scope } from './scopes.ts';
export { type SignTokenOptions, signToken } from './signToken.ts';
export { type TokenClaims, type VerifyTokenOptions, verifyToken } from './verifyToken.ts';
