import type { Member } from './types.ts';

/**
 * The sort key of a member item: the recipientId, or `@<channel>:<address>` for an address-only
 * member (the `@` keeps the two kinds apart; recipient IDs never start with it).
 *
 * @example
 * memberKey({ recipientId: 'r-1' }); // 'r-1'
 * memberKey({ address: 'a@b.c', channel: 'email' }); // '@email:a@b.c'
 */
export function memberKey(member: Member): string {
  if (member.recipientId !== undefined) return member.recipientId;
  return `@${member.channel ?? 'email'}:${member.address ?? ''}`;
}
