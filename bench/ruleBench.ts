import type { Runtime } from '../functions/runtime.ts';
import type { MemberOp } from '../shared/lists/index.ts';
import { materializeJobId, type Rule } from '../shared/rules/index.ts';
import { benchRuntime } from './benchRuntime.ts';
import type { RequestCounts } from './dynamo/RequestCounter.ts';
import { benchRecipientId } from './generate/index.ts';
import { InProcessDynamo } from './inProcessDynamo.ts';
import { inProcessS3 } from './inProcessS3.ts';

/** One materialisation, as measured. */
export interface MaterializeRun {
  ms: number;
  /** Members evaluated (every member on a full pass, the changed ones on an incremental run). */
  evaluated: number;
  added: number;
  removed: number;
  requests: number;
  /** Items read (Get, BatchGet, Query items): what DynamoDB bills reads by, with read units. */
  itemReads: number;
  readUnits: number;
}

/** The rule-list benchmark's results (`rules` in bench/results.json). */
export interface RuleBenchResults {
  /** Members of the rule's main input list. */
  members: number;
  /** Members changed between the two runs (adds and removes in the input). */
  changed: number;
  rule: Rule;
  full: MaterializeRun;
  incremental: MaterializeRun;
  /** Incremental run: read units and requests per changed member; the full pass's per member. */
  readUnitsPerChangedMember: number;
  requestsPerChangedMember: number;
  fullReadUnitsPerMember: number;
  /** Full pass time over incremental run time, measured in the same run. */
  speedup: number;
  seededThrough: string;
}

const INPUT = 'bench.segment';
const BUYERS = 'bench.buyers';
const RULE_LIST = 'rule.bench';
const CHUNK = 10_000;

/** Recipients answered on read (`R#r<i>`): one in ten has not consented to email. */
function consentingRecipients(pk: string, sk: string): Record<string, unknown> | undefined {
  const index = sk === 'R' && pk.startsWith('R#r') ? Number(pk.slice(3)) : Number.NaN;
  if (!Number.isInteger(index)) return undefined;
  const recipient = { recipientId: benchRecipientId(index), consent: { email: index % 10 !== 0 }, ids: {} };
  return { pk, sk, recipient: { ...recipient, updatedAt: '2026-01-01T00:00:00.000Z' } };
}

/** Adds (or removes) members `from … to − 1` through the list store's own write path, in one commit. */
async function writeMembers(
  runtime: Runtime,
  listId: string,
  op: 'add' | 'remove',
  from: number,
  to: number,
) {
  const write = await runtime.lists.openWrite(listId, `bench-${listId}`);
  for (let start = from; start < to; start += CHUNK) {
    const ops: MemberOp[] = [];
    for (let i = start; i < Math.min(to, start + CHUNK); i += 1) {
      ops.push({ op, member: { recipientId: benchRecipientId(i) } });
    }
    await write.apply(ops);
  }
  await write.commit();
}

async function materialize(runtime: Runtime, dynamo: InProcessDynamo): Promise<MaterializeRun> {
  dynamo.counter.reset();
  const started = performance.now();
  await runtime.materializeJobs.run(materializeJobId(RULE_LIST));
  const ms = performance.now() - started;
  const job = await runtime.jobs.get(materializeJobId(RULE_LIST));
  if (job?.status !== 'succeeded')
    throw new Error(`materialisation ended ${job?.status}: ${job?.error?.message}`);
  const counts: RequestCounts = dynamo.counts();
  return {
    ms,
    evaluated: job.receipt.recordsProcessed,
    added: job.receipt.added ?? 0,
    removed: job.receipt.removed ?? 0,
    requests: counts.requests,
    itemReads: counts.itemReads,
    readUnits: counts.readUnits,
  };
}

/**
 * Materialises `segment AND consent.email AND NOT buyers` over a segment of `members` members
 * (buyers: a tenth of them) with the REAL rule-list core on the in-process stand-in: a full pass
 * first (the definition), then 1% of the segment changes (half removed, half new members) and
 * the incremental run reads only those. Inputs are seeded through the list store's write path
 * (not timed); recipients are synthetic (answered on read).
 *
 * @example
 * const run = await runRuleBench({ home, members: 1_000_000 });
 * run.readUnitsPerChangedMember; // a few
 */
export async function runRuleBench(options: { home: string; members: number }): Promise<RuleBenchResults> {
  const dynamo = new InProcessDynamo({ fallback: consentingRecipients, units: true });
  const { runtime } = benchRuntime({ ddb: dynamo.client, s3: inProcessS3({}).client, home: options.home });
  const { members } = options;
  await runtime.lists.create({ listId: INPUT, name: 'bench segment', source: 'bench' });
  await runtime.lists.create({ listId: BUYERS, name: 'bench buyers', source: 'bench' });
  await writeMembers(runtime, INPUT, 'add', 0, members);
  await writeMembers(runtime, BUYERS, 'add', 0, Math.floor(members / 10));
  const rule: Rule = {
    all: [{ list: INPUT }, { attribute: 'consent.email', op: 'eq', value: true }, { not: { list: BUYERS } }],
  };
  await runtime.ruleLists.define({ listId: RULE_LIST, name: 'bench rule', rule }, 'bench');
  const full = await materialize(runtime, dynamo);

  const half = Math.floor(members / 200);
  await writeMembers(runtime, INPUT, 'remove', members - half, members);
  await writeMembers(runtime, INPUT, 'add', members, members + half);
  const incremental = await materialize(runtime, dynamo);
  const changed = 2 * half;
  return {
    members,
    changed,
    rule,
    full,
    incremental,
    readUnitsPerChangedMember: incremental.readUnits / changed,
    requestsPerChangedMember: incremental.requests / changed,
    fullReadUnitsPerMember: full.readUnits / members,
    speedup: full.ms / incremental.ms,
    seededThrough: 'list store write path (openWrite/apply/commit) on the in-process DynamoDB stand-in',
  };
}
