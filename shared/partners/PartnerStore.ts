import type { Partner, PartnerInput } from './schemas.ts';

/** Partners: admin-owned bindings of an inbound folder to what its drops may do. */
export interface PartnerStore {
  get(name: string): Promise<Partner | undefined>;
  list(): Promise<Partner[]>;
  put(name: string, input: PartnerInput): Promise<Partner>;
  /** Creates the partner only when none of that name exists (the local stack's default). */
  putIfAbsent(name: string, input: PartnerInput): Promise<void>;
}
