import { benchEmail, visitorId } from './benchIds.ts';
import { type DropSpec, INVALID_PER_MILLION } from './DropSpec.ts';
import { hash32 } from './hash32.ts';

const SALT = { kind: 21, status: 22, name: 23 } as const;
const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken'];

/** The AEP batch-export header (flattened XDM names, identity columns named by namespace). */
export const AEP_HEADER = 'ECID,Email,person_name_firstName,segmentMembership_status';

/**
 * Yields an AEP segment export CSV (header, then one row per profile) in chunks. Emails are
 * mixed-case like real profile data (reconciliation must lowercase them); 5% of rows `exited`.
 */
export function* aepCsvLines(spec: DropSpec, chunkRows = 5_000): Generator<string> {
  let batch: string[] = [AEP_HEADER];
  for (let i = 0; i < spec.rows; i += 1) {
    batch.push(aepCsvRow(spec, i));
    if (batch.length >= chunkRows) {
      yield `${batch.join('\n')}\n`;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
}

/** Row `index` of the export, without its line end. */
export function aepCsvRow(spec: DropSpec, index: number): string {
  const { seed } = spec;
  const kind = hash32(seed, index, SALT.kind) % 1_000_000;
  const email = kind < INVALID_PER_MILLION ? 'not-an-email' : benchEmail(index).replace('user', 'User');
  const status = hash32(seed, index, SALT.status) % 20 === 0 ? 'exited' : 'realized';
  const name = FIRST_NAMES[hash32(seed, index, SALT.name) % FIRST_NAMES.length] ?? 'Ada';
  return `${visitorId(seed, index)},${email},${name},${status}`;
}
