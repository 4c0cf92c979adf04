import type { DropSpec } from './DropSpec.ts';
import { hash32 } from './hash32.ts';

const TIERS = ['bronze', 'silver', 'gold'];

/**
 * Yields a recipient (profile) load under `inbound/recipients/`: `recipientId,email,tier`, one new
 * recipient per row (IDs and emails apart from the seeded ones), in chunks.
 */
export function* recipientsCsvLines(spec: DropSpec, chunkRows = 5_000): Generator<string> {
  let batch: string[] = ['recipientId,email,tier'];
  for (let i = 0; i < spec.rows; i += 1) {
    batch.push(`load${i},load${i}@example.com,${TIERS[hash32(spec.seed, i, 31) % TIERS.length]}`);
    if (batch.length >= chunkRows) {
      yield `${batch.join('\n')}\n`;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
}
