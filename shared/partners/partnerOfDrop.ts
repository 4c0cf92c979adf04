import type { PartnerStore } from './PartnerStore.ts';
import type { Partner, PartnerInput } from './schemas.ts';

/** The partner drops fall to when they are under no partner's folder (`npm start` creates it). */
export const DEFAULT_PARTNER = 'default';

/** What `npm start` configures: one partner that may do everything a drop can (CONTRACT.md). */
export const DEFAULT_PARTNER_RIGHTS: Readonly<PartnerInput> = {
  lists: ['*'],
  fullReplace: true,
  recipients: true,
};

/**
 * The partner a drop belongs to: `inbound/<name>/…` when a partner of that name exists, else the
 * default partner, else none (the drop is refused).
 *
 * @example
 * await partnerOfDrop(partners, 'inbound/partner-b/wipe_full.csv'); // partner-b, or default
 */
export async function partnerOfDrop(
  partners: Pick<PartnerStore, 'get'>,
  key: string,
): Promise<Partner | undefined> {
  const parts = key.split('/');
  const folder = parts.length > 2 ? parts[1] : undefined;
  const own = folder ? await partners.get(folder) : undefined;
  return own ?? partners.get(DEFAULT_PARTNER);
}
