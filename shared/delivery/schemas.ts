import * as z from 'zod';
import { sharedAudienceNameSchema } from '../sharedAudiences/SharedAudience.ts';

/** A destination's name: in table keys and receipts, so the shared audiences' safe alphabet. */
export const destinationNameSchema = sharedAudienceNameSchema;

export const destinationNameParams = z.object({ name: destinationNameSchema });

/** The form `ssh-keygen -lf` prints: `SHA256:` and 43 base64 characters, no padding. */
export const hostKeySha256Schema = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'expected SHA256: and 43 base64 characters, as ssh-keygen -lf prints');

const s3Fields = z.strictObject({
  kind: z.literal('s3'),
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name (3-63 of a-z, 0-9, ".", "-")'),
  /** Key prefix the files land under (`inbound/`…); empty: the bucket's root. */
  prefix: z
    .string()
    .max(512)
    .regex(/^([^/\p{Cc}][^\p{Cc}]*\/)?$/u, 'expected empty or a key prefix ending in "/"')
    .default(''),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as eu-west-1')
    .optional(),
  /** Local stack only: the emulator the partner bucket lives on. */
  endpoint: z.url().optional(),
  roleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'expected an IAM role ARN')
    .optional(),
  externalId: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/, 'expected 2-1224 of letters, digits and +=,.@:/-')
    .optional(),
  accessKey: z
    .strictObject({
      id: z.string().regex(/^[A-Z0-9]{3,128}$/, 'expected an access key ID (upper-case letters and digits)'),
      secret: z.string().min(1).max(256),
    })
    .optional(),
});

const sftpFields = z.strictObject({
  kind: z.literal('sftp'),
  host: z
    .string()
    .regex(/^[A-Za-z0-9.-]{1,253}$|^\[?[0-9A-Fa-f:.]+\]?$/, 'expected a host name or IP address'),
  port: z.number().int().min(1).max(65_535).default(22),
  user: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 of letters, digits, ".", "_" or "-"'),
  /** Remote folder the files land in (relative to the login folder, or absolute); `.` by default. */
  path: z
    .string()
    .max(512)
    .regex(/^[^\p{Cc}]+$/u, 'expected a folder path without control characters')
    .default('.'),
  privateKeyPem: z
    .string()
    .max(16_384)
    .regex(/^-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'expected a PEM or OpenSSH private key (unencrypted)'),
  hostKeySha256: hostKeySha256Schema,
});

/**
 * Body of `PUT /v1/destinations/{name}`: an S3 location reached through a role the partner trusts
 * (`roleArn` + `externalId`) or an access key pair it issued, or an SFTP server. Secrets
 * (`accessKey.secret`, `privateKeyPem`) are write-only: sealed at rest, never answered.
 */
export const destinationInputSchema = z
  .discriminatedUnion('kind', [s3Fields, sftpFields])
  .superRefine((input, ctx) => {
    if (input.kind !== 's3') return;
    if (input.roleArn && input.accessKey) {
      ctx.addIssue({
        code: 'custom',
        path: ['accessKey'],
        message: 'expected either roleArn or accessKey, not both',
      });
    }
    if (!input.roleArn && !input.accessKey) {
      ctx.addIssue({
        code: 'custom',
        path: ['roleArn'],
        message: 'expected roleArn (with externalId) or accessKey',
      });
    }
    if (input.roleArn && !input.externalId) {
      ctx.addIssue({ code: 'custom', path: ['externalId'], message: 'required with roleArn' });
    }
    if (!input.roleArn && input.externalId) {
      ctx.addIssue({ code: 'custom', path: ['externalId'], message: 'expected only with roleArn' });
    }
  });

export type DestinationInput = z.output<typeof destinationInputSchema>;

const stored = { name: destinationNameSchema, updatedAt: z.string() };

/**
 * A destination as stored and answered: everything but its secrets, with `hasAccessKey` /
 * `hasPrivateKey` saying they are set. The access key ID is left out too: with the secret it is
 * the credential, and nobody needs to read it back. Parsed on every read from the table.
 */
export const destinationSchema = z.discriminatedUnion('kind', [
  s3Fields.omit({ accessKey: true }).extend({ ...stored, hasAccessKey: z.boolean() }),
  sftpFields.omit({ privateKeyPem: true }).extend({ ...stored, hasPrivateKey: z.literal(true) }),
]);

export type Destination = z.output<typeof destinationSchema>;

/** The sealed part of a destination (JSON before sealing), opened only by a delivery. */
export const destinationSecretSchema = z.union([
  z.strictObject({ accessKeyId: z.string(), secretAccessKey: z.string() }),
  z.strictObject({ privateKeyPem: z.string() }),
]);

export type DestinationSecret = z.output<typeof destinationSecretSchema>;

/** Body of `POST /v1/deliveries`: deliver (again) the files of a finished export. */
export const redeliveryRequestSchema = z.strictObject({
  exportJobId: z
    .string()
    .max(1100)
    .regex(/^export:\P{Cc}+$/u, 'expected the ID of an export job (export:<name>:<id>)'),
  /** Another destination than the shared audience's (or the last delivery's). */
  destination: destinationNameSchema.optional(),
});
