/** The `source` of a rule list: its rule owns its members, so nobody else may change them. */
export const RULE_SOURCE = 'rule';
