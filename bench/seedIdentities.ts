import type { IdentityService } from '../shared/identities/index.ts';
import { hash32 } from './generate/hash32.ts';
import { benchEmail, benchRecipientId, MATCH_SHARE, rowMatches, visitorId } from './generate/index.ts';

const BATCH = 1_000;

/**
 * Seeds, through the identity area's own bulk paths (`recipients.putMany`, `link`), a recipient
 * with an email for each matched row of the drop (MATCH_SHARE of them) and links the row's visitor
 * ID to that email, so the drop reconciles like a real one: matched rows resolve, the rest are
 * unknown. Not timed. Returns the number of recipients written.
 */
export async function seedIdentities(identity: IdentityService, seed: number, rows: number): Promise<number> {
  let seeded = 0;
  for (let start = 0; start < rows; start += BATCH) {
    const indexes: number[] = [];
    for (let i = start; i < Math.min(rows, start + BATCH); i += 1)
      if (rowMatches(seed, i, MATCH_SHARE)) indexes.push(i);
    const outcome = await identity.recipients.putMany(
      indexes.map((i) => ({ recipientId: benchRecipientId(i), email: benchEmail(i) })),
    );
    if (outcome.errors.length > 0) throw new Error(`seeding: ${outcome.errors.length} recipients refused`);
    await identity.link(
      indexes.map((i) => [
        { namespace: 'ecid', value: visitorId(seed, i) },
        { namespace: 'email', value: benchEmail(i) },
      ]),
    );
    seeded += indexes.length;
  }
  return seeded;
}

/**
 * The memory runs' identities, answered on read instead of stored (so nothing in the process
 * grows with the drop but the pipeline itself): a visitor ID item exists, with a recipient, for
 * MATCH_SHARE of all values (by hash of the value), an email index item for `user<i>@example.com`
 * when row i matches. Same shares as {@link seedIdentities}, same item shape as the identity store.
 */
export function syntheticIdentity(
  seed: number,
): (pk: string, sk: string) => Record<string, unknown> | undefined {
  const threshold = Math.round(MATCH_SHARE * 10_000);
  return (pk, sk) => {
    if (sk !== 'ID') return undefined;
    if (pk.startsWith('ID#ecid#')) {
      const value = pk.slice(8);
      let h = seed;
      for (let i = 0; i < value.length; i += 4) h = hash32(h, Number(value.slice(i, i + 4)) || 0, i);
      if (h % 10_000 >= threshold) return undefined;
      return { pk, sk, namespace: 'ecid', value, recipientId: `v${value.slice(-12)}`, linked: [] };
    }
    const email = /^ID#email#user(\d+)@example\.com$/.exec(pk);
    if (email) {
      const index = Number(email[1]);
      if (!rowMatches(seed, index, MATCH_SHARE)) return undefined;
      return {
        pk,
        sk,
        namespace: 'email',
        value: pk.slice(9),
        recipientId: benchRecipientId(index),
        linked: [],
      };
    }
    return undefined;
  };
}
