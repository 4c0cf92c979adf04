import { memberKey } from './memberKey.ts';
import { SHARD_COUNT, shardOf } from './shardOf.ts';
import type { Member } from './types.ts';
import type { ChangeClass } from './visibility.ts';

/** A stored member item (`pk=M#<listId>#<shard>`, `sk=<memberKey>`). */
export interface MemberItem {
  pk: string;
  sk: string;
  rid?: string;
  addr?: string;
  ch?: 'email' | 'sms';
  /** Version that added it. */
  from: number;
  /** Version that removed it. */
  until?: number;
  /** `<pending version>:<epoch>` of the write that last touched it. */
  ep?: string;
  /** Its change class before that epoch touched it (rebuilds counters on resume). */
  pa?: ChangeClass;
}

export const shardPk = (listId: string, shard: number) => `M#${listId}#${shard}`;

/** The key of a member's item in a list. */
export function memberItemKey(listId: string, key: string): { pk: string; sk: string } {
  return { pk: shardPk(listId, shardOf(key, SHARD_COUNT)), sk: key };
}

/** The member an item stands for. */
export function memberOf(item: MemberItem): Member {
  if (item.rid !== undefined) return { recipientId: item.rid };
  return { address: item.addr ?? '', channel: item.ch ?? 'email' };
}

/** The identity attributes of a member (without versions). */
export function memberAttributes(
  listId: string,
  member: Member,
): Pick<MemberItem, 'pk' | 'sk' | 'rid' | 'addr' | 'ch'> {
  const key = memberKey(member);
  const base = memberItemKey(listId, key);
  if (member.recipientId !== undefined) return { ...base, rid: member.recipientId };
  return { ...base, addr: member.address ?? '', ch: member.channel ?? 'email' };
}
