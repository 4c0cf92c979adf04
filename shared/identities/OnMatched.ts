/**
 * What the identity area reports when IDs come to reconcile to a recipient: per recipient, the
 * lookup keys (`refKey`) of those IDs. `cause` names the job that applies what was waiting for
 * them (`rematch:<cause>`): `ingest:<key>` for a drop, `link:<uuid>` or `recipient:<uuid>` for the API.
 */
export type OnMatched = (
  cause: string,
  matches: ReadonlyArray<{ recipientId: string; keys: readonly string[] }>,
) => Promise<void>;
