import * as z from 'zod';
import { declareRoute } from '../http/RouteDeclaration.ts';

/** Largest drop the console uploads: AAM's 5 GB limit on an uncompressed inbound file. */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;

/** A drop's key: under `inbound/`, printable, no `..` segment or empty segment, at most 1,024 bytes. */
const dropKeySchema = z
  .string()
  .max(1024)
  .regex(/^inbound\/(?:[^/\p{Cc}]+\/)*[^/\p{Cc}]+$/u, 'expected inbound/[<partner>/]<file name>')
  .refine(
    (key) => !key.split('/').some((part) => part === '..' || part === '.'),
    'expected no . or .. segment',
  )
  // `*` and `?` are IAM wildcards: a key holding them cannot be told apart in a prefix policy.
  .refine((key) => !/[*?]/.test(key), 'expected no * or ?');

/** `POST /v1/uploads`: presigned links to drop one file under `inbound/` (the console's uploads). */
export const createUploadRoute = declareRoute({
  method: 'POST',
  path: '/v1/uploads',
  scope: 'audiences:write',
  summary: 'Presigned links to upload one drop under inbound/: one PUT, or multipart past 64 MB',
  body: z.strictObject({ key: dropKeySchema, size: z.number().int().min(1).max(MAX_UPLOAD_BYTES) }),
  status: 201,
});
