/** Outcome of normalising one ID: the canonical value, or why it can never link anything. */
export type IdCheck =
  | { ok: true; value: string }
  | { ok: false; reason: 'invalid' | 'blocked'; detail: string };
