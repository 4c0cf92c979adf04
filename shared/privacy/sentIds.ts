import { memberKey as snapshotKey } from '../exports/memberKey.ts';
import { memberKey as listKey } from '../lists/memberKey.ts';
import { shardOf } from '../lists/shardOf.ts';
import type { Member } from '../lists/types.ts';
import type { ErasurePorts } from './ErasurePorts.ts';

type Ports = Pick<ErasurePorts, 'sharedAudiences' | 'snapshots'>;

/** The IDs one shared audience's files carried for the person, and the snapshot entries that hold them. */
export interface SentIds {
  sharedAudience: string;
  ids: string[];
  entries: Array<{ shard: number; key: string }>;
}

/**
 * The person's entries in every shared audience's export snapshot (`SNAP#<name>#<shard>`, in the
 * shard of the member's list key, as the export writes them) and the IDs they hold: the ID last
 * written and the one last published, since the partner may have either.
 *
 * @example
 * await sentIds(ports, [{ recipientId: 'r-1' }]); // [{ sharedAudience: 'crm', ids: ['5a…'], entries: [{ shard: 7, key: 'r#r-1' }] }]
 */
export async function sentIds(ports: Ports, members: readonly Member[]): Promise<SentIds[]> {
  const keyed = members.flatMap((member) => {
    const key = snapshotKey(member);
    return key ? [{ key, shard: shardOf(listKey(member)) }] : [];
  });
  const sent: SentIds[] = [];
  for (const audience of await ports.sharedAudiences.list()) {
    const ids = new Set<string>();
    const entries: SentIds['entries'] = [];
    for (const { key, shard } of keyed) {
      const entry = (await ports.snapshots.getMany(audience.name, shard, [key])).get(key);
      if (!entry) continue;
      entries.push({ shard, key });
      for (const id of [entry.id, entry.pid]) if (id) ids.add(id);
    }
    if (entries.length > 0) sent.push({ sharedAudience: audience.name, ids: [...ids], entries });
  }
  return sent;
}

/** Deletes the snapshot entries `sentIds` found (after their opt-out files are written). */
export async function forgetSent(ports: Ports, sent: readonly SentIds[]): Promise<void> {
  for (const { sharedAudience, entries } of sent)
    for (const { shard, key } of entries) await ports.snapshots.deleteMany(sharedAudience, shard, [key]);
}
