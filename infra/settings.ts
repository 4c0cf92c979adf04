import type { Node } from 'constructs';
import * as z from 'zod';
import { ValidationError } from '../shared/errors/index.ts';

/** Prefix of every context key the app reads (`cdk.json`, or `-c audience-bridge:…=…`). */
export const CONTEXT_PREFIX = 'audience-bridge';

/** The deployment's knobs, read once from the CDK context with offline-safe defaults. */
export interface Settings {
  /** JWT `iss` the HTTP API authorizer accepts (its `/.well-known/openid-configuration` must be public). */
  jwtIssuer: string;
  /** JWT `aud` the authorizer accepts. */
  jwtAudience: string;
  /** Addresses subscribed (by email) to the alarm topic. */
  alarmEmails: string[];
  /** RejectionRate (0..1) above which a drop alarms. */
  rejectionRateThreshold: number;
  /** EventBridge expression of the scheduled trigger (`rate(…)` or `cron(…)`). */
  schedule: string;
  /** Whether to create the ExportOverdue alarm (off for deployments with no scheduled export). */
  exportOverdueAlarm: boolean;
  /** Reserved concurrency of the ingest and export workers. */
  ingestConcurrency: number;
  exportConcurrency: number;
  /**
   * Partner roles destinations may name: the export function may assume exactly these (and no
   * other), and the API refuses a destination naming another. Empty: no role destinations.
   */
  destinationRoleArns: string[];
  /** The console's OpenID client (public, code + PKCE) at `jwtIssuer`; unset: the console cannot sign in. */
  consoleClientId?: string;
  /** Origins whose pages may upload and download through presigned links (the bucket's CORS rule). */
  consoleOrigins: string[];
}

/** Context values arrive typed from cdk.json but as strings from `-c key=value`. */
const fromCli = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    const s = v.trim();
    if (s.startsWith('[') || s === 'true' || s === 'false' || /^-?\d+(\.\d+)?$/.test(s)) return JSON.parse(s);
    return v;
  }, schema);

/** A list from cdk.json, or `-c key=a,b` (comma-separated) on the command line. */
const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string' && !v.trim().startsWith('[')
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    fromCli(z.array(item)),
  );

const emails = commaList(z.email());

const schema = z.object({
  jwtIssuer: z.url().default('https://auth.example.com/'),
  jwtAudience: z.string().min(1).default('audience-bridge'),
  alarmEmails: emails.default([]),
  rejectionRateThreshold: fromCli(z.number().min(0).max(1)).default(0.05),
  schedule: z
    .string()
    .regex(/^(rate|cron)\(.+\)$/, 'expected rate(…) or cron(…)')
    .default('rate(1 hour)'),
  exportOverdueAlarm: fromCli(z.boolean()).default(true),
  ingestConcurrency: fromCli(z.number().int().min(1)).default(10),
  exportConcurrency: fromCli(z.number().int().min(1)).default(4),
  destinationRoleArns: commaList(
    z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'expected IAM role ARNs'),
  ).default([]),
  consoleClientId: z.string().min(1).optional(),
  consoleOrigins: commaList(z.string().min(1)).default(['*']),
});

/**
 * Reads `audience-bridge:*` context from a construct's node. Every key is optional so that
 * `npx cdk synth` works offline with nothing given; a malformed value fails synth naming the key.
 *
 * @example
 * const settings = readSettings(app.node); // app = new App({ context: { 'audience-bridge:schedule': 'rate(2 hours)' } })
 */
export function readSettings(node: Node): Settings {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const value: unknown = node.tryGetContext(`${CONTEXT_PREFIX}:${key}`);
    if (value !== undefined && value !== null) raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join('.') ?? '?';
    throw new ValidationError(`context ${CONTEXT_PREFIX}:${key}: ${issue?.message ?? 'invalid'}`, {
      field: `${CONTEXT_PREFIX}:${key}`,
    });
  }
  return parsed.data;
}
