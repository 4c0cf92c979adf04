import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../../shared/jobs/index.ts';
import type { TestStack } from '../../helpers/localStack.ts';

/** Every object under a prefix, as text, by key. */
export async function objectsUnder(stack: TestStack, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const { s3 } = stack.runtime.clients;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      if (!object.Key) continue;
      const body = await s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: object.Key }));
      out.set(object.Key, (await body.Body?.transformToString('utf8')) ?? '');
    }
    token = page.NextContinuationToken;
  } while (token);
  return out;
}

/** Every job as `GET /v1/jobs/{jobId}` answers it, plus the listing answers, as JSON text. */
export async function jobAnswers(stack: TestStack): Promise<string[]> {
  const texts: string[] = [];
  for (const type of ['ingest', 'export', 'deliver'] as const) {
    const listed = await stack.fetchJson<{ jobs: Job[] }>(`/v1/jobs?type=${type}&limit=100`);
    texts.push(JSON.stringify(listed.body));
    for (const job of listed.body.jobs) {
      const one = await stack.fetchJson(`/v1/jobs/${encodeURIComponent(job.jobId)}`);
      texts.push(JSON.stringify(one.body));
    }
  }
  return texts;
}

/** Every item of the table as JSON text (to show what is at rest). */
export async function tableText(stack: TestStack): Promise<string> {
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await stack.runtime.clients.ddb.send(
      new ScanCommand({ TableName: stack.config.table, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items);
}

/** The values of `needles` found in `haystack`, matched without regard to case. */
export function found(haystack: string, needles: readonly string[]): string[] {
  const lower = haystack.toLowerCase();
  return needles.filter((needle) => lower.includes(needle.toLowerCase()));
}
