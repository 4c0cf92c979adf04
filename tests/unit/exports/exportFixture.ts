import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { exportPortsOf } from '../../../functions/exportPorts.ts';
import { createRuntime, type Runtime } from '../../../functions/runtime.ts';
import { type RunningDynamo, type RunningS3, startDynamo, startS3 } from '../../../local/emulators.ts';
import { loadConfig } from '../../../shared/config/index.ts';
import type { AesKey, DataSource } from '../../../shared/datasources/types.ts';
import { type ExportSources, runExport, startExport } from '../../../shared/exports/index.ts';
import type { Job, JobDispatcher } from '../../../shared/jobs/index.ts';
import type { Member } from '../../../shared/lists/types.ts';
import type { Recipient } from '../../../shared/recipients/types.ts';
import type { SharedAudienceDefinition } from '../../../shared/sharedAudiences/index.ts';
import { createTable } from '../../../shared/stores/index.ts';

/** Emulators shared by one test file. */
export interface Emulators {
  s3: RunningS3;
  dynamo: RunningDynamo;
}

export async function startEmulators(): Promise<Emulators> {
  const [s3, dynamo] = await Promise.all([startS3({ port: 0 }), startDynamo({ port: 0 })]);
  return { s3, dynamo };
}

export async function stopEmulators(emulators: Emulators): Promise<void> {
  await Promise.all([emulators.s3.stop(), emulators.dynamo.stop()]);
}

/** A data source as the identity area returns it. */
export function dataSource(overrides: Partial<DataSource> & Pick<DataSource, 'name'>): DataSource {
  return {
    kind: 'declared',
    dpid: 163,
    reconciliationKey: 'email',
    encoding: 'plain',
    channel: 'email',
    forceReconciliation: false,
    importEnabled: true,
    governance: { consent: 'opt-out', excludedLabels: [] },
    hasKey: false,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function recipient(recipientId: string, fields: Partial<Recipient> = {}): Recipient {
  return { recipientId, ids: {}, updatedAt: '2026-01-01T00:00:00.000Z', ...fields };
}

/** In-memory identity side (data sources, keys, recipients) in front of the real list store. */
export interface TestWorld {
  runtime: Runtime;
  queued: string[];
  dataSources: Map<string, DataSource>;
  keys: Map<string, AesKey[]>;
  recipients: Map<string, Recipient>;
  /** How many `getMany` calls and the largest batch asked for. */
  recipientCalls: { calls: number; largest: number };
  /** Creates a list and commits these members. */
  seedList(listId: string, members: Member[]): Promise<void>;
  /** Commits adds and removes of recipient members. */
  changeList(listId: string, add: string[], remove: string[]): Promise<void>;
  setNow(iso: string): void;
  readText(key: string): Promise<string>;
  readBytes(key: string): Promise<Buffer>;
  listKeys(prefix: string): Promise<string[]>;
}

export async function createWorld(emulators: Emulators): Promise<TestWorld> {
  const name = `ab-${randomUUID().slice(0, 8)}`;
  const config = loadConfig({
    AB_TABLE: name,
    AB_BUCKET: name,
    AB_S3_ENDPOINT: emulators.s3.endpoint,
    AB_DYNAMODB_ENDPOINT: emulators.dynamo.endpoint,
    LOG_LEVEL: 'SILENT',
  });
  const queued: string[] = [];
  const dispatcher: JobDispatcher = {
    enqueueIngest: async () => {},
    enqueueExport: async (jobId) => {
      queued.push(jobId);
    },
  };
  let now = new Date('2026-11-26T09:00:00.000Z');
  const runtime = createRuntime({ config, dispatcher, now: () => now });
  await createTable(runtime.clients.ddb, name);
  await runtime.clients.s3.send(new CreateBucketCommand({ Bucket: name }));
  const dataSources = new Map<string, DataSource>();
  const keys = new Map<string, AesKey[]>();
  const recipients = new Map<string, Recipient>();
  const recipientCalls = { calls: 0, largest: 0 };
  const sources: ExportSources = {
    lists: runtime.lists,
    dataSources: {
      get: async (n) => dataSources.get(n),
      keys: async (n) => keys.get(n) ?? [],
    },
    recipients: {
      getMany: async (ids) => {
        recipientCalls.calls += 1;
        recipientCalls.largest = Math.max(recipientCalls.largest, ids.length);
        const found = new Map<string, Recipient>();
        for (const id of ids) {
          const r = recipients.get(id);
          if (r) found.set(id, r);
        }
        return found;
      },
    },
  };
  Object.assign(runtime, { exportSources: sources });

  const bytes = async (key: string) => {
    const out = await runtime.clients.s3.send(new GetObjectCommand({ Bucket: name, Key: key }));
    return Buffer.from((await out.Body?.transformToByteArray()) ?? []);
  };
  let writes = 0;
  const write = async (listId: string, ops: { op: 'add' | 'remove'; member: Member }[]) => {
    writes += 1;
    const w = await runtime.lists.openWrite(listId, `test-writer-${writes}`);
    await w.apply(ops);
    await w.commit();
  };
  return {
    runtime,
    queued,
    dataSources,
    keys,
    recipients,
    recipientCalls,
    async seedList(listId, members) {
      await runtime.lists.create({ listId, name: listId, source: 'api' });
      await write(
        listId,
        members.map((member) => ({ op: 'add', member })),
      );
    },
    async changeList(listId, add, remove) {
      await write(listId, [
        ...add.map((recipientId) => ({ op: 'add' as const, member: { recipientId } })),
        ...remove.map((recipientId) => ({ op: 'remove' as const, member: { recipientId } })),
      ]);
    },
    setNow(iso) {
      now = new Date(iso);
    },
    readBytes: bytes,
    async readText(key) {
      const raw = await bytes(key);
      return (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
    },
    async listKeys(prefix) {
      const keysFound: string[] = [];
      let token: string | undefined;
      do {
        const page = await runtime.clients.s3.send(
          new ListObjectsV2Command({ Bucket: name, Prefix: prefix, ContinuationToken: token }),
        );
        keysFound.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
        token = page.NextContinuationToken;
      } while (token);
      return keysFound.sort();
    },
  };
}

/** Data lines of a file, sorted (shards are read in parallel, so row order is not fixed). */
export function sortedLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .sort();
}

/** A shared audience definition with test defaults (aam-inbound, trait 42, list `api.crm`). */
export function definition(overrides: Partial<SharedAudienceDefinition> = {}): SharedAudienceDefinition {
  return {
    listId: 'api.crm',
    dataSource: 'crm_email',
    format: 'aam-inbound',
    mode: 'full',
    traitId: '42',
    schedule: 'manual',
    gzip: false,
    ...overrides,
  };
}

/** Stores the shared audience (first time), starts an export and runs it to success. */
export async function exportNow(
  world: TestWorld,
  name: string,
  def: SharedAudienceDefinition,
  mode?: 'full' | 'incremental',
): Promise<Job> {
  if (!(await world.runtime.sharedAudiences.get(name))) {
    await world.runtime.sharedAudiences.put(name, def, '2026-11-26T08:00:00.000Z');
  }
  const { jobId } = await startExport(
    exportPortsOf(world.runtime),
    { sharedAudience: name, ...(mode ? { mode } : {}) },
    'test',
  );
  const outcome = await runExport(exportPortsOf(world.runtime), jobId);
  const job = await world.runtime.jobs.get(jobId);
  if (outcome !== 'succeeded' || !job) throw new Error(`export ${outcome}: ${JSON.stringify(job?.error)}`);
  return job;
}
