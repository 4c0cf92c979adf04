import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type {
  DeliveryPorts,
  OpenedDestination,
  PartnerStorage,
  PublishedFile,
} from '../../../shared/delivery/index.ts';
import { DependencyError } from '../../../shared/errors/index.ts';
import { isFinished, type Job, type JobStatus, type JobStore } from '../../../shared/jobs/index.ts';
import type { LeaseStore } from '../../../shared/leases/index.ts';

/** A JobStore in a Map, with the same compare-and-set `transition` as the DynamoDB one. */
export class MemoryJobStore implements JobStore {
  readonly jobs = new Map<string, Job>();
  async get(jobId: string) {
    const job = this.jobs.get(jobId);
    return job && structuredClone(job);
  }
  async put(job: Job) {
    this.jobs.set(job.jobId, structuredClone(job));
  }
  async list() {
    return { jobs: [...this.jobs.values()] };
  }
  async listUnfinished() {
    return [...this.jobs.values()].filter((job) => !isFinished(job.status));
  }
  async transition(jobId: string, from: readonly JobStatus[], changes: Partial<Job> & { status: JobStatus }) {
    const current = this.jobs.get(jobId);
    if (!current || !from.includes(current.status)) return undefined;
    const next = JSON.parse(JSON.stringify({ ...current, ...changes })) as Job;
    this.jobs.set(jobId, next);
    return structuredClone(next);
  }
}

/** Leases in a Map, expiring on the given clock. */
export class MemoryLeaseStore implements LeaseStore {
  readonly held = new Map<string, { holder: string; expiresAt: number }>();
  constructor(private readonly now: () => number) {}
  async acquire(resource: string, holder: string, ttlMs: number) {
    const lease = this.held.get(resource);
    if (lease && lease.holder !== holder && lease.expiresAt > this.now()) return undefined;
    this.held.set(resource, { holder, expiresAt: this.now() + ttlMs });
    return { lease: { resource, holder, expiresAt: this.now() + ttlMs, data: {} } };
  }
  async renew(resource: string, holder: string, ttlMs: number) {
    const lease = this.held.get(resource);
    if (lease?.holder !== holder) return false;
    lease.expiresAt = this.now() + ttlMs;
    return true;
  }
  async release(resource: string, holder: string) {
    if (this.held.get(resource)?.holder === holder) this.held.delete(resource);
  }
}

/** A partner's storage in a Map; `faults` decide what each put does before or after it lands. */
export class MemoryPartnerStorage implements PartnerStorage {
  readonly files = new Map<string, Buffer>();
  /** Every put, in order (a name twice here is a file sent twice). */
  readonly puts: string[] = [];
  faults: (name: string, putNumber: number) => 'fail' | 'land-then-fail' | undefined = () => undefined;
  locationOf(name: string) {
    return `mem://partner/${name}`;
  }
  async holds(file: { name: string; bytes: number; md5: string }) {
    const body = this.files.get(file.name);
    return body !== undefined && body.length === file.bytes && md5(body) === file.md5;
  }
  async put(file: { name: string }, body: () => Promise<Readable>) {
    this.puts.push(file.name);
    const fault = this.faults(file.name, this.puts.filter((n) => n === file.name).length);
    if (fault === 'fail') throw new DependencyError(`${file.name}: connection reset`);
    const chunks: Buffer[] = [];
    for await (const chunk of await body()) chunks.push(Buffer.from(chunk as Uint8Array));
    this.files.set(file.name, Buffer.concat(chunks));
    if (fault === 'land-then-fail')
      throw new DependencyError(`${file.name}: connection lost after the upload`);
  }
  async close() {}
}

export const md5 = (body: Buffer) => createHash('md5').update(body).digest('hex');

/** Published files of one export: `name → body`, in the order given (the `.info` last). */
export function publishedOf(bodies: Array<[string, string]>) {
  const files: PublishedFile[] = bodies.map(([name, text]) => {
    const body = Buffer.from(text);
    return { key: `outbound/a/${name}`, name, bytes: body.length, md5: md5(body) };
  });
  return {
    files: async () => files,
    open: async (key: string) =>
      Readable.from([Buffer.from(bodies.find(([n]) => key.endsWith(n))?.[1] ?? '')]),
  };
}

/** Delivery ports on in-memory stores, a fixed destination `partner` and instant backoff. */
export function memoryPorts(published: ReturnType<typeof publishedOf>) {
  let clock = Date.parse('2026-12-02T08:00:00Z');
  const jobs = new MemoryJobStore();
  const storage = new MemoryPartnerStorage();
  const destination: OpenedDestination = {
    kind: 'sftp',
    name: 'partner',
    updatedAt: '2026-12-01T00:00:00.000Z',
    host: 'sftp.example.com',
    port: 22,
    user: 'ab',
    path: '.',
    hostKeySha256: `SHA256:${'A'.repeat(43)}`,
    hasPrivateKey: true,
    secret: { privateKeyPem: '-----BEGIN OPENSSH PRIVATE KEY-----' },
  };
  const enqueued: string[] = [];
  const receipts = new Map<string, unknown>();
  const ports: DeliveryPorts = {
    jobs,
    leases: new MemoryLeaseStore(() => clock),
    destinations: {
      get: async (name) => (name === 'partner' ? destination : undefined),
      open: async (name) => (name === 'partner' ? destination : undefined),
    },
    sharedAudiences: { get: async () => undefined },
    published,
    storageFor: () => storage,
    writeReceipt: async (jobId, receipt) => {
      receipts.set(jobId, receipt);
    },
    dispatcher: {
      enqueueExport: async (jobId) => {
        enqueued.push(jobId);
      },
    },
    now: () => new Date(clock),
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {}, random: () => 0 },
  };
  return { ports, jobs, storage, enqueued, receipts, advance: (ms: number) => (clock += ms) };
}
