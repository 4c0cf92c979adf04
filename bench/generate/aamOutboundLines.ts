import { visitorId } from './benchIds.ts';
import {
  type DropSpec,
  INVALID_PER_MILLION,
  MALFORMED_PER_MILLION,
  SEGMENT_POOL,
  SINGLE_SEGMENT,
} from './DropSpec.ts';
import { hash32 } from './hash32.ts';

const SALT = { kind: 11, count: 12, pick: 13, remove: 14 } as const;

/**
 * Yields the AAM outbound rows of a drop (`<ECID> <seg,seg> <removedSeg>`, FORMATS.md) in chunks
 * of joined lines with their `\n`. Segments follow a skewed popularity (a few big segments, a long
 * tail), as real DMP drops do. A few rows carry an invalid ID or a non-numeric segment.
 *
 * @example
 * for (const chunk of aamOutboundLines({ rows: 3, seed: 1, segments: 'one' })) process.stdout.write(chunk);
 */
export function* aamOutboundLines(spec: DropSpec, chunkRows = 5_000): Generator<string> {
  let batch: string[] = [];
  for (let i = 0; i < spec.rows; i += 1) {
    batch.push(aamOutboundRow(spec, i));
    if (batch.length === chunkRows) {
      yield `${batch.join('\n')}\n`;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
}

/** Row `index` of the drop, without its line end. */
export function aamOutboundRow(spec: DropSpec, index: number): string {
  const { seed } = spec;
  const kind = hash32(seed, index, SALT.kind) % 1_000_000;
  let id = visitorId(seed, index);
  if (kind < INVALID_PER_MILLION) id = id.slice(1); // 37 digits: invalid ECID
  if (spec.segments === 'one') return `${id} ${SINGLE_SEGMENT} `;
  const count = 1 + (hash32(seed, index, SALT.count) % 3);
  const added: string[] = [];
  for (let k = 0; k < count; k += 1) {
    // Squaring a uniform pick skews it toward the first segments of the pool.
    const u = hash32(seed, index * 4 + k, SALT.pick) / 0x1_0000_0000;
    const segment = SEGMENT_POOL[Math.floor(u * u * SEGMENT_POOL.length)] ?? SINGLE_SEGMENT;
    if (!added.includes(segment)) added.push(segment);
  }
  if (kind >= INVALID_PER_MILLION && kind < INVALID_PER_MILLION + MALFORMED_PER_MILLION) added.push('x1');
  const r = hash32(seed, index, SALT.remove);
  let removed = '';
  if (r % 10 === 0) {
    const segment = SEGMENT_POOL[(r >>> 8) % SEGMENT_POOL.length] ?? SINGLE_SEGMENT;
    if (!added.includes(segment)) removed = segment;
  }
  return `${id} ${added.join(',')} ${removed}`;
}
