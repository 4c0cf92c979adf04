/** Every scope a token can carry (CONTRACT.md "Scopes"). */
export const SCOPES = [
  'audiences:read',
  'audiences:write',
  'identities:read',
  'identities:write',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: the token's subject and scopes, as the authorizer verified them. */
export interface Caller {
  subject: string;
  scopes: ReadonlySet<string>;
}
