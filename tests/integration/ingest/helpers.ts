import { emptyReceipt, type Receipt } from '../../../shared/jobs/index.ts';
import type { TestStack } from '../../helpers/localStack.ts';

/** A valid 38-digit visitor ID for a small number (both 19-digit halves far below 2^63). */
export const ecid = (n: number): string => `${String(n).padStart(19, '0')}${String(n + 7).padStart(19, '0')}`;

/** Creates recipients `r-<n>` with an email and links `ecid(n)` to each. */
export async function seedRecipients(stack: TestStack, numbers: readonly number[]): Promise<void> {
  await stack.runtime.identity.recipients.putMany(
    numbers.map((n) => ({ recipientId: `r-${n}`, email: `User${n}@Example.com` })),
  );
  for (const n of numbers) {
    await stack.runtime.identity.linkIds([{ namespace: 'ecid', value: ecid(n) }], `r-${n}`);
  }
}

/** Every committed member of a list, as sorted keys. */
export async function memberKeys(stack: TestStack, listId: string): Promise<string[]> {
  const keys: string[] = [];
  if (!(await stack.runtime.lists.get(listId))) return keys;
  let cursor: string | undefined;
  do {
    const page = await stack.runtime.lists.members(listId, { limit: 100, ...(cursor ? { cursor } : {}) });
    keys.push(...page.members.map((m) => m.recipientId ?? `@${m.channel}:${m.address}`));
    cursor = page.cursor;
  } while (cursor);
  return keys.sort();
}

/** Drops a file and waits for its job to finish. */
export async function dropAndWait(stack: TestStack, key: string, body: string | Uint8Array) {
  await stack.drop(key, body);
  return stack.waitForJob(`ingest:${key}`);
}

/** The receipt a drop should have: every counter 0 but the given ones. */
export function receipt(fields: Partial<Receipt>): Receipt {
  const base = emptyReceipt(fields.format ?? null, fields.mode ?? null);
  return { ...base, ...fields, unmatched: { ...base.unmatched, ...fields.unmatched } };
}
