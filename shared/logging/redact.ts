/** Keys whose values are personal data or secrets, whatever they hold. */
const SENSITIVE_KEY =
  /^(email|phone|address|value|values|id|ids|recipientid|token|authorization|key|keyhex|ivhex|aes|secret|password|privatekeypem|secretaccesskey|line|raw|attributes)$/i;

/**
 * Values that look like personal data or secrets, wherever they appear: emails, JWTs, 38-digit
 * visitor IDs, 64-hex hashes, hex keys, E.164-like phone numbers, UUID device IDs.
 */
const SENSITIVE_PATTERNS: readonly RegExp[] = [
  /[^\s@"'<>]+@[^\s@"'<>]+\.[^\s@"'<>]+/g,
  /eyJ[\w-]+\.[\w-]+\.[\w-]*/g,
  /\b[0-9a-fA-F]{32,}\b/g,
  /\b\d{16,}\b/g,
  /\+?\d[\d ().-]{7,}\d/g,
  /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g,
];

export const REDACTED = '[redacted]';

/** Replaces every pattern-matched personal value inside a string. */
export function redactString(text: string): string {
  let out = text;
  for (const pattern of SENSITIVE_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

/**
 * Deep copy of a log attribute with personal data removed: by key name (whole value replaced) and
 * by pattern (inside any string). Bounded depth so a cyclic or huge object cannot hang a log call.
 *
 * @example
 * redact({ email: 'a@b.co', count: 3 }) // → { email: '[redacted]', count: 3 }
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return REDACTED;
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactString(value.message),
      code: (value as { code?: unknown }).code,
    };
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SENSITIVE_KEY.test(key) ? REDACTED : redact(item, depth + 1);
  }
  return out;
}
