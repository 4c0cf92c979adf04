/** Guardrails (docs/identifiers.md): a recipient holds at most this many IDs of one namespace. */
export const MAX_IDS_PER_NAMESPACE = 20;
/** An ID links to at most this many other IDs; a row that would exceed it is refused. */
export const MAX_LINKS_PER_ID = 50;
