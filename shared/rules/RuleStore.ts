import type { MaterializeState, RuleDefinition } from './RuleDefinition.ts';

/** Storage of rule definitions and their materialisation state. */
export interface RuleStore {
  get(listId: string): Promise<RuleDefinition | undefined>;
  list(): Promise<RuleDefinition[]>;
  /** Stores a new definition (revision + 1, no state: the next run is a full pass); returns it. */
  define(definition: Omit<RuleDefinition, 'revision' | 'state'>): Promise<RuleDefinition>;
  /** Saves a run's state, unless the rule was redefined since `revision` (then false). */
  saveState(listId: string, revision: number, state: MaterializeState): Promise<boolean>;
}
