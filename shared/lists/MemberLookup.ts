/** Point reads of list membership: which of some member keys a list holds at a committed version. */
export interface MemberLookup {
  /** The keys among `keys` that are members of the list as of `version` (its committed version). */
  membersAmong(listId: string, version: number, keys: readonly string[]): Promise<Set<string>>;
}
