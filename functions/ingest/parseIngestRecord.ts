import * as z from 'zod';
import type { IngestMessage } from '../../shared/jobs/index.ts';

const continueSchema = z.object({ kind: z.literal('continue'), jobId: z.string().min(1).max(1100) });
const rangeSchema = z.object({
  kind: z.literal('range'),
  jobId: z.string().min(1).max(1100),
  plan: z.string().min(1).max(100),
  range: z.number().int().nonnegative(),
});
const dropSchema = z.object({
  kind: z.literal('drop'),
  key: z.string().min(1).max(1024),
  etag: z.string().max(200).optional(),
  size: z.number().int().nonnegative().optional(),
  redelivered: z.boolean().optional(),
});
const s3Schema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string().optional(),
      s3: z.object({
        object: z.object({
          key: z.string().min(1),
          eTag: z.string().optional(),
          size: z.number().int().nonnegative().optional(),
        }),
      }),
    }),
  ),
});

/**
 * The ingest messages of one SQS body: an AWS S3 notification (keys URL-encoded, `+` for spaces),
 * a drop or a `continue` message; `[]` for an S3 test event; `undefined` when the body is not one
 * of these (a poison message: dropped, never retried).
 */
export function parseIngestRecord(body: string): IngestMessage[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if ((json as { Event?: unknown } | null)?.Event === 's3:TestEvent') return [];
  const direct = z.union([continueSchema, rangeSchema, dropSchema]).safeParse(json);
  if (direct.success) return [direct.data];
  const s3 = s3Schema.safeParse(json);
  if (!s3.success) return undefined;
  const messages: IngestMessage[] = [];
  for (const record of s3.data.Records) {
    if (record.eventName && !record.eventName.startsWith('ObjectCreated')) continue;
    let key: string;
    try {
      key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    } catch {
      continue;
    }
    const { eTag, size } = record.s3.object;
    messages.push({
      kind: 'drop',
      key,
      ...(eTag ? { etag: eTag } : {}),
      ...(size !== undefined ? { size } : {}),
    });
  }
  return messages;
}
