/** A value an attribute condition compares with. */
export type RuleScalar = string | number | boolean | null;

export type AttributeOp = 'eq' | 'in' | 'exists' | 'before' | 'after';

/** Membership of another list (any list: segment, API or rule list). */
export interface ListTerm {
  list: string;
}

/**
 * A condition on the recipient: `attributes.<name>`, `consent.<purpose>` or `labels`. `eq`/`in`
 * compare values (`labels`: holds the value / one of them), `exists` needs no value,
 * `before`/`after` compare dates (ISO 8601) or numbers.
 */
export interface AttributeTerm {
  attribute: string;
  op: AttributeOp;
  value?: RuleScalar | RuleScalar[];
}

/** A rule: every term, at least one, or the negation of one. */
export type Rule = { all: Term[] } | { any: Term[] } | { not: Term };

export type Term = Rule | ListTerm | AttributeTerm;

/** Deepest nesting of rules a definition may have (`{all: [{not: …}]}` is 2). */
export const MAX_RULE_DEPTH = 10;
/** Most terms in one `all`/`any`. */
export const MAX_RULE_TERMS = 100;
