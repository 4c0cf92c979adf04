import { createHash } from 'node:crypto';
import type { Member } from '../lists/types.ts';

/**
 * The snapshot's key of a list member: `r#<recipientId>`, or for an address-only member
 * `a#<channel>#<sha256 of the address>` (the address itself is not repeated in a key).
 */
export function memberKey(member: Member): string | undefined {
  if (member.recipientId) return `r#${member.recipientId}`;
  if (member.address) {
    const digest = createHash('sha256').update(member.address, 'utf8').digest('hex');
    return `a#${member.channel ?? 'email'}#${digest}`;
  }
  return undefined;
}
