import * as z from 'zod';

/** Reserved: `inbound/recipients/` is the recipient-load prefix (CONTRACT.md), not a partner's folder. */
const RESERVED_NAMES = new Set(['recipients']);

/** A partner's name is its folder under `inbound/` and `outbound/`: lowercase, no `/`. */
export const partnerNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'expected a lowercase letter then up to 63 of a-z, 0-9, _ or -')
  .refine((name) => !RESERVED_NAMES.has(name), 'expected a name other than recipients (a reserved prefix)');

export const partnerNameParams = z.object({ name: partnerNameSchema });

/** A list-ID pattern: an exact list ID, or a prefix ending in `*` (`aam.*`, `partner-b.*`, `*`). */
export const listPatternSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{0,255}\*?$/, 'expected a list ID, or a prefix of one ending in *')
  .refine((p) => p.length > 0, 'expected a list ID or a pattern');

/** Body of `PUT /v1/partners/{name}`: what drops under `inbound/<name>/` may do. */
export const partnerInputSchema = z.strictObject({
  /** Patterns of the list IDs its drops may create, change and replace. `api.*` never matches. */
  lists: z.array(listPatternSchema).max(100),
  /** DPIDs its file names and ID columns may carry; absent: any. */
  dpids: z.array(z.number().int().min(0).max(2_147_483_647)).max(100).optional(),
  /** Data sources whose IDs its drops may carry; absent: any. */
  dataSources: z.array(z.string().min(1).max(64)).max(100).optional(),
  /** Whether its `full`/`overwrite` files may replace lists (remove every member they do not name). */
  fullReplace: z.boolean(),
  /** Whether it may load recipients (`inbound/recipients/`). */
  recipients: z.boolean(),
  /** How its AEP CSV drops apply: `full` replaces the segment, `incremental` only adds. */
  aepMode: z.enum(['full', 'incremental']).optional(),
});

export type PartnerInput = z.infer<typeof partnerInputSchema>;

/** A stored partner, as the API shows it. */
export interface Partner extends PartnerInput {
  name: string;
  updatedAt: string;
}
