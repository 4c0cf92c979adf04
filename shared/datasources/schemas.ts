import * as z from 'zod';
import { WELL_KNOWN_NAMESPACES } from '../identifiers/index.ts';

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
    importEnabled: z.boolean().default(true),
  })
  .refine((input) => input.encoding === 'aes-cbc' || input.aes === undefined, {
    message: 'expected no key unless encoding is aes-cbc',
    path: ['aes'],
  });

export type DataSourceInput = z.infer<typeof dataSourceInputSchema>;
