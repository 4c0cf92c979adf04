import * as z from 'zod';
import { globalNamespaceOf, WELL_KNOWN_NAMESPACES } from '../identifiers/index.ts';

const reserved = new Set<string>(WELL_KNOWN_NAMESPACES);

/** A data source's name is also a namespace: lowercase, no `#`/`:`, not a well-known namespace. */
export const dataSourceNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'expected a lowercase letter then up to 63 of a-z, 0-9, _ or -')
  .refine((name) => !reserved.has(name), 'expected a name that is not a well-known namespace');

export const dataSourceNameParams = z.object({ name: dataSourceNameSchema });

/** Body of `PUT /v1/data-sources/{name}`. Key material is write-only. */
export const dataSourceInputSchema = z
  .strictObject({
    kind: z.enum(['visitor', 'declared']),
    dpid: z.number().int().min(1).max(2_147_483_647).optional(),
    reconciliationKey: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'expected email, phone, recipientId or an attribute name'),
    encoding: z.enum(['plain', 'sha256', 'aes-cbc']),
    aes: z
      .strictObject({
        keyHex: z
          .string()
          .regex(
            /^([0-9a-fA-F]{32}|[0-9a-fA-F]{48}|[0-9a-fA-F]{64})$/,
            'expected 128, 192 or 256 bits as hex',
          ),
        ivHex: z.string().regex(/^[0-9a-fA-F]{32}$/, 'expected 128 bits as hex'),
      })
      .optional(),
    channel: z.enum(['email', 'sms', 'other']),
    forceReconciliation: z.boolean().default(false),
    // A SHA-256 source sent plain values (not 64 hex digits): hash them for the partner, or refuse
    // them (each counted as unmatched `encodingMismatch`). Either way the receipt warns.
    unhashedValues: z.enum(['hash', 'reject']).optional(),
    importEnabled: z.boolean().default(true),
    governance: z
      .strictObject({
        purpose: z.string().min(1).max(64).optional(),
        consent: z.enum(['opt-out', 'opt-in']).default('opt-out'),
        excludedLabels: z.array(z.string().min(1).max(64)).max(50).default([]),
      })
      .refine((g) => g.consent !== 'opt-in' || g.purpose !== undefined, {
        message: 'required when consent is opt-in',
        path: ['purpose'],
      })
      .optional(),
  })
  .refine((input) => input.encoding === 'aes-cbc' || input.aes === undefined, {
    message: 'expected no key unless encoding is aes-cbc',
    path: ['aes'],
  })
  // A global DPID names AAM's shared device-ID source (20914 GAID, …): its IDs are read in that
  // device namespace everywhere, so no visitor or declared source of the customer may take it.
  .refine((input) => input.dpid === undefined || globalNamespaceOf(input.dpid) === undefined, {
    message: 'expected a DPID of your own, not a global data source (device IDs: 20914 GAID, 20915 IDFA, …)',
    path: ['dpid'],
  });

export type DataSourceInput = z.infer<typeof dataSourceInputSchema>;
