import type { SharedAudience, SharedAudienceDefinition, SnapshotState } from './SharedAudience.ts';

/** Storage of shared audiences and of the pointer to each one's published export snapshot. */
export interface SharedAudienceStore {
  get(name: string): Promise<SharedAudience | undefined>;
  list(): Promise<SharedAudience[]>;
  /** Creates or replaces the definition; the snapshot state is kept. */
  put(name: string, definition: SharedAudienceDefinition, updatedAt: string): Promise<SharedAudience>;
  /** Allocates a snapshot generation never used before for this shared audience (one per export attempt). */
  nextGeneration(name: string): Promise<number>;
  /**
   * Publishes a snapshot: sets the state only if the published generation is still `expected`.
   * False when another export published in between.
   */
  publishSnapshot(name: string, expected: number, next: SnapshotState): Promise<boolean>;
}
