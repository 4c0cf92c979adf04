import type { Member } from './types.ts';

/**
 * The member a member key stands for: the inverse of `memberKey` (`@<channel>:<address>` for an
 * address-only member, the recipientId otherwise).
 *
 * @example
 * memberOfKey('@email:a@b.c'); // { address: 'a@b.c', channel: 'email' }
 */
export function memberOfKey(key: string): Member {
  if (!key.startsWith('@')) return { recipientId: key };
  const colon = key.indexOf(':');
  return { address: key.slice(colon + 1), channel: key.slice(1, colon) === 'sms' ? 'sms' : 'email' };
}
