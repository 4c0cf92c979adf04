import { gzipSync } from 'node:zlib';
import pLimit from 'p-limit';
import type { Runtime } from '../../functions/runtime.ts';
import { aamOutboundName } from './dropFiles.ts';

/** mulberry32: a tiny seeded PRNG, so a "random" drop is the same file on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Recipient `fr-<n>`: also the declared ID the seeded drops carry. */
export const faultRecipientId = (n: number): string => `fr-${n}`;

/** MASTER_DPID of the seeded drops: a declared, plain data source keyed by recipient ID. */
export const FAULT_DPID = 55555;

export interface SeededDrop {
  key: string;
  /** The gzipped body. */
  body: Buffer;
  /** The recipient IDs the drop makes members of `listId`, sorted. */
  members: string[];
  listId: string;
}

/**
 * A gzipped AAM outbound `iter` drop of `rows` lines adding the declared IDs `faultRecipientId(1..rows)`
 * (MASTER_DPID {@link FAULT_DPID}) to one segment, in an order shuffled by `seed` (Fisher-Yates):
 * every ID once, so a store seeded by {@link seedFaultRecipients} reconciles it to exactly `rows`
 * distinct recipients.
 *
 * @example
 * const drop = seededDrop({ rows: 100_000, seed: 42, segment: 7001 });
 */
export function seededDrop(options: {
  rows: number;
  seed: number;
  segment: number;
  timestampMs?: number;
  /** Plain text instead of gzip (a big plain drop is cut into ranges). */
  plain?: boolean;
}): SeededDrop {
  const random = seededRandom(options.seed);
  const order = Array.from({ length: options.rows }, (_, i) => i + 1);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = a;
  }
  const text = `${order.map((n) => `${faultRecipientId(n)} ${options.segment}`).join('\n')}\n`;
  return {
    key: `inbound/${aamOutboundName({ kind: 'iter', gz: !options.plain, masterDpid: FAULT_DPID, timestampMs: options.timestampMs ?? 1700000000000 })}`,
    body: options.plain ? Buffer.from(text, 'utf8') : gzipSync(Buffer.from(text, 'utf8')),
    members: Array.from({ length: options.rows }, (_, i) => faultRecipientId(i + 1)).sort(),
    listId: `aam.${options.segment}`,
  };
}

/**
 * Seeds the declared data source `fault-rid` (DPID {@link FAULT_DPID}, plain, keyed by recipient
 * ID) and the recipients `fr-<from>..` through `recipients.putMany` (1,000 a call, 4 calls at once).
 * No email and no links: the recipient's own index item is all a drop of its ID needs to
 * reconcile, and every extra item makes seeding dominate the test (dynalite writes ~2k items/s).
 */
export async function seedFaultRecipients(runtime: Runtime, count: number, from = 1): Promise<void> {
  await runtime.identity.dataSources.put('fault-rid', {
    kind: 'declared',
    dpid: FAULT_DPID,
    reconciliationKey: 'recipientId',
    encoding: 'plain',
    channel: 'other',
    forceReconciliation: true,
    importEnabled: true,
  });
  const limit = pLimit(4);
  const calls: Array<Promise<void>> = [];
  for (let start = from; start < from + count; start += 1000) {
    const numbers = Array.from({ length: Math.min(1000, from + count - start) }, (_, i) => start + i);
    calls.push(
      limit(async () => {
        const outcome = await runtime.identity.recipients.putMany(
          numbers.map((n) => ({ recipientId: faultRecipientId(n) })),
        );
        if (outcome.errors.length > 0)
          throw new Error(`seeding: ${outcome.errors.length} recipients refused`);
      }),
    );
  }
  await Promise.all(calls);
}
