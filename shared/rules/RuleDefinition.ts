import type { Rule } from './Rule.ts';

/** Where a rule list's last run stopped reading the recipient change log. */
export interface RecipientLogPosition {
  /** Entries at or before this time were read (a margin behind the read, for late writers). */
  cursor: string;
  /** Entries after `cursor` already read: the next run reads them again but counts nothing new. */
  seen: string[];
}

/** What the last materialisation read, so the next one reads only what changed since. */
export interface MaterializeState {
  /** Committed version of each input list it read. */
  versions: Record<string, number>;
  recipients?: RecipientLogPosition;
}

/** A rule list's definition as stored. */
export interface RuleDefinition {
  listId: string;
  rule: Rule;
  /** Lists the rule reads. */
  inputs: string[];
  /** Whether recipient attribute, consent or label changes re-evaluate it. */
  attributes: boolean;
  /** Bumped by each redefinition: a run of an older rule does not save its state over the new one. */
  revision: number;
  state?: MaterializeState;
}
