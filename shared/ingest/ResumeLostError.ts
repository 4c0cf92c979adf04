/** A resumed list's saved progress was rolled back: the job must start again from its first line. */
export class ResumeLostError extends Error {
  constructor(readonly listId: string) {
    super(`list ${listId}: saved progress was rolled back`);
    this.name = 'ResumeLostError';
  }
}
