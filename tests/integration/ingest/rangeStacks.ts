import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ingestPortsOf } from '../../../functions/ingestPorts.ts';
import { createRuntime } from '../../../functions/runtime.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import { ingestDrop } from '../../../shared/ingest/index.ts';
import type { IngestMessage } from '../../../shared/jobs/index.ts';
import type { ListWrite } from '../../../shared/lists/index.ts';
import { DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS } from '../../../shared/partners/index.ts';
import { createTable } from '../../../shared/stores/index.ts';
import { scannedMemberKeys } from '../../helpers/scannedMemberKeys.ts';
import { ecid } from './helpers.ts';
import { QueueDispatcher } from './QueueDispatcher.ts';

const RECIPIENTS = 120;

/** A stack of its own (table and bucket `name`) with recipients r-1…r-120 linked to ecid(n). */
export async function rangeStack(name: string, env: Record<string, string>) {
  const dispatcher = new QueueDispatcher();
  const rt = createRuntime({ config: loadConfig({ ...env, AB_TABLE: name, AB_BUCKET: name }), dispatcher });
  await createTable(rt.clients.ddb, name);
  await rt.partners.putIfAbsent(DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS);
  await rt.clients.s3.send(new CreateBucketCommand({ Bucket: name }));
  await rt.identity.recipients.putMany(
    Array.from({ length: RECIPIENTS }, (_, i) => ({
      recipientId: `r-${i + 1}`,
      email: `u${i + 1}@example.com`,
    })),
  );
  for (let n = 1; n <= RECIPIENTS; n++)
    await rt.identity.linkIds([{ namespace: 'ecid', value: ecid(n) }], `r-${n}`);
  return { rt, dispatcher, name, env };
}
export type RangeStack = Awaited<ReturnType<typeof rangeStack>>;

export const putDrop = (s: RangeStack, key: string, body: string | Buffer) =>
  s.rt.clients.s3.send(new PutObjectCommand({ Bucket: s.name, Key: key, Body: body }));

const text = async (s: RangeStack, key: string) => {
  const out = await s.rt.clients.s3
    .send(new GetObjectCommand({ Bucket: s.name, Key: key }))
    .catch(() => undefined);
  return out ? await out.Body?.transformToString() : undefined;
};

/** Runs a drop and every message it queues, the latest first (ranges out of file order). */
export async function drive(s: RangeStack, key: string): Promise<IngestMessage[]> {
  const seen: IngestMessage[] = [];
  await ingestDrop(ingestPortsOf(s.rt), { kind: 'drop', key });
  for (let next = s.dispatcher.ingest.pop(); next; next = s.dispatcher.ingest.pop()) {
    seen.push(next);
    await ingestDrop(ingestPortsOf(s.rt), next);
  }
  return seen;
}

/** What a drop left: job receipt, receipts/ file, rejected and unmatched files, list members and sizes. */
export async function outcome(s: RangeStack, key: string, lists: string[]) {
  const job = await s.rt.jobs.get(`ingest:${key}`);
  return {
    status: job?.status,
    receipt: job?.receipt,
    receiptFile: await text(s, `receipts/ingest:${key}.json`),
    rejected: await text(s, `rejected/${key}.tsv`),
    unmatched: await text(s, `receipts/${key}.unmatched.tsv`),
    lists: await Promise.all(
      lists.map(async (listId) => ({
        listId,
        size: (await s.rt.lists.get(listId))?.size,
        members: await scannedMemberKeys(s.rt.lists, listId),
      })),
    ),
  };
}

/** Members r-1 … r-`count` in list `segment`, applied by a small iter drop. */
export async function seedList(s: RangeStack, segment: string, count: number): Promise<void> {
  const key = `inbound/S3_1_55555_iter_14861408400${segment}.sync`;
  await putDrop(s, key, Array.from({ length: count }, (_, i) => `${ecid(i + 1)} ${segment} `).join('\n'));
  await drive(s, key);
}

/**
 * A runtime on `s`'s table and bucket whose `crashAt`-th list write dies right after writing (a
 * process killed mid-range, past the checkpoint before it).
 */
export function crashingRuntime(s: RangeStack, crashAt: number) {
  const crashing = createRuntime({
    config: loadConfig({ ...s.env, AB_TABLE: s.name, AB_BUCKET: s.name }),
    dispatcher: s.dispatcher,
  });
  let applies = 0;
  const realOpen = crashing.lists.openWrite.bind(crashing.lists);
  crashing.lists.openWrite = async (...args) => {
    const write = await realOpen(...args);
    return new Proxy(write, {
      get(target, property) {
        if (property === 'apply')
          return async (ops: Parameters<ListWrite['apply']>[0]) => {
            await target.apply(ops);
            if (++applies === crashAt) throw new Error('simulated crash');
          };
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return crashing;
}
