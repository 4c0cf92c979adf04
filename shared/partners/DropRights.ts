import type { DropInfo } from '../formats/index.ts';
import { WELL_KNOWN_NAMESPACES } from '../identifiers/index.ts';
import { DropRefusedError } from './DropRefusedError.ts';
import type { Partner } from './schemas.ts';

/** List IDs of lists made through the API: no drop may change them, whatever its partner's patterns say. */
const API_LISTS = 'api.';
const wellKnown = new Set<string>(WELL_KNOWN_NAMESPACES);

const matches = (pattern: string, listId: string) =>
  pattern.endsWith('*') ? listId.startsWith(pattern.slice(0, -1)) : listId === pattern;

/**
 * What one drop may do, from its partner (CONTRACT.md `PUT /v1/partners/{name}`). `check` is
 * asked once, before any line is read; `checkList` and `checkNamespace` as the lines name lists
 * and IDs. Each throws `DropRefusedError`, which fails the job whole: the list writes are versioned
 * and only committed at the end, so a refusal mid-file leaves nothing applied.
 *
 * @example
 * const rights = new DropRights(partner);
 * rights.check(info);          // full file, recipients, the file name's DPIDs
 * rights.checkList('aam.777'); // each list before it is opened
 */
export class DropRights {
  private readonly allowedLists = new Set<string>();

  constructor(readonly partner: Partner) {}

  /** The drop as a whole: what its name and format say it will do. */
  check(info: DropInfo): void {
    const who = `partner ${this.partner.name}`;
    if (info.format === 'recipients-csv' && !this.partner.recipients)
      throw new DropRefusedError(`${who}: may not load recipients`, { field: 'partner' });
    if ((info.mode === 'full' || info.mode === 'overwrite') && !this.partner.fullReplace)
      throw new DropRefusedError(`${who}: may not send ${info.mode} files (fullReplace is off)`, {
        field: 'partner',
      });
    for (const dpid of info.dpids) this.checkDpid(dpid);
  }

  /** Whether the partner's drops may change the list (API lists never). */
  allows(listId: string): boolean {
    return !listId.startsWith(API_LISTS) && this.partner.lists.some((p) => matches(p, listId));
  }

  /** A list the drop is about to change. */
  checkList(listId: string): void {
    if (this.allowedLists.has(listId)) return;
    if (!this.allows(listId))
      throw new DropRefusedError(`partner ${this.partner.name}: may not change list ${listId}`, {
        field: 'partner',
      });
    this.allowedLists.add(listId);
  }

  /** An ID's namespace as the file names it (`dpid:<n>`) and as it resolved (a data source or a well-known one). */
  checkNamespace(named: string, resolved: string): void {
    if (named.startsWith('dpid:')) this.checkDpid(Number(named.slice('dpid:'.length)));
    const { dataSources } = this.partner;
    if (!dataSources || resolved.startsWith('dpid:') || wellKnown.has(resolved)) return;
    if (!dataSources.includes(resolved))
      throw new DropRefusedError(`partner ${this.partner.name}: may not use data source ${resolved}`, {
        field: 'partner',
      });
  }

  private checkDpid(dpid: number): void {
    const { dpids } = this.partner;
    if (dpids && !dpids.includes(dpid))
      throw new DropRefusedError(`partner ${this.partner.name}: may not use DPID ${dpid}`, {
        field: 'partner',
      });
  }
}
