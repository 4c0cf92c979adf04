import type { RecipientLogPosition } from './RuleDefinition.ts';

/**
 * Which recipients had their attributes, consent or labels changed, in time order: rule lists
 * with attribute terms re-evaluate exactly those. Entries are read from a margin behind the last
 * read, so a writer whose entry lands late (its clock or its request slower) is still read.
 */
export interface RecipientChangeLog {
  record(recipientIds: readonly string[]): Promise<void>;
  /**
   * The recipients changed since `position` (everything in the log when absent, which a first
   * run never asks: it reads the whole list) and the position to save. `fresh` counts entries
   * not seen before: zero means nothing changed.
   */
  changedSince(position: RecipientLogPosition | undefined): Promise<{
    recipientIds: Set<string>;
    fresh: number;
    position: RecipientLogPosition;
  }>;
  /** The position of "now", for a full pass (it reads every recipient it needs anyway). */
  positionNow(): Promise<RecipientLogPosition>;
}
