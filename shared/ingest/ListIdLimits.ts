import { FormatError, PayloadTooLargeError } from '../errors/index.ts';

/** The characters and length of a list ID: what the lists API accepts (`path.listId`) plus `=` of key-value traits (`aam.color=red`). */
const LIST_ID = /^[A-Za-z0-9._:=-]{1,256}$/;

/**
 * The per-drop limits on the lists a drop names: each list ID must be one the API could address
 * (no `@`, spaces or control characters: a segment that carries an email address is refused),
 * and at most `maxLists` distinct ones. Each breach fails the drop whole (`AB_MAX_DROP_SEGMENTS`).
 *
 * @example
 * const limits = new ListIdLimits(10_000);
 * limits.check('aam.777');
 */
export class ListIdLimits {
  private readonly seen = new Set<string>();

  constructor(private readonly maxLists: number) {}

  check(listId: string): void {
    if (this.seen.has(listId)) return;
    if (!LIST_ID.test(listId))
      throw new FormatError(
        'segment: a list ID must be 1 to 256 of A-Z, a-z, 0-9, . _ : = - (source and segment together)',
        { field: 'segment' },
      );
    if (this.seen.size >= this.maxLists)
      throw new PayloadTooLargeError(`segment: more than ${this.maxLists} distinct segments in one drop`, {
        field: 'segment',
      });
    this.seen.add(listId);
  }
}
