import { randomUUID } from 'node:crypto';
import { AppError, DependencyError } from '../errors/index.ts';
import { logger } from '../logging/index.ts';
import type { AuditStore } from './AuditStore.ts';
import { hashedTarget } from './auditTarget.ts';

/** Path parameters whose values are personal: recorded as a truncated hash, or not at all. */
const HASHED_PARAMS = new Set(['recipientId']);
const OMITTED_PARAMS = new Set(['namespace', 'value']);

/** Answer fields that name what a write without a non-personal parameter created (`POST /v1/lists`, `POST /v1/exports`, a privacy delete's record). */
const CREATED_FIELDS = ['listId', 'jobId', 'erasureId'] as const;

/** The status an error ends in, as the error handler answers it. */
export function statusOfError(error: unknown): number {
  return error instanceof AppError && error.expose ? error.statusCode : 500;
}

/** Non-personal reference of what a call acts on, from its validated path parameters. */
function targetOfParams(params: unknown): string | undefined {
  if (!params || typeof params !== 'object') return undefined;
  const parts: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string' || OMITTED_PARAMS.has(name)) continue;
    parts.push(HASHED_PARAMS.has(name) ? hashedTarget(value) : value);
  }
  return parts.length > 0 ? parts.join('/') : undefined;
}

function targetOfAnswer(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  for (const field of CREATED_FIELDS) {
    const value = (body as Record<string, unknown>)[field];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/**
 * The audit of one non-GET API call, in two steps:
 *
 * 1. `begin` (after the token, scope and input checks pass, before the use case runs) writes the
 *    record with outcome `pending`. It fails closed: if the audit store is down the write is
 *    refused with a bare 500 and nothing changes, so no write ever happens unaudited.
 * 2. `finish` (after the answer or the error) rewrites the same record with the status code. It is
 *    best effort: the write already happened, and answering 500 to a write that succeeded would
 *    invite a retry of a non-idempotent call; a failure is logged and the record stays `pending`.
 *
 * Calls refused before `begin` (401, 403, 400) get one best-effort record from `finish`.
 *
 * @example
 * const audit = new ApiCallAudit(runtime.audit, 'PUT /v1/lists/{listId}', runtime.now);
 * audit.identify(caller.subject);
 * await audit.begin(params);
 * await audit.finish(200, answer);
 */
export class ApiCallAudit {
  private actor = 'anonymous';
  private target: string | undefined;
  private readonly id = randomUUID();
  private at: string | undefined;
  private fields: readonly string[] | undefined;

  constructor(
    private readonly store: AuditStore,
    private readonly action: string,
    private readonly now: () => Date,
  ) {}

  /** The verified token subject (before it is known the actor is `anonymous`). */
  identify(subject: string): void {
    this.actor = subject;
  }

  /** Writes the `pending` record; throws a DependencyError (bare 500) when the store fails. */
  async begin(params: unknown): Promise<void> {
    this.target = targetOfParams(params);
    this.at = this.now().toISOString();
    try {
      await this.write('pending');
    } catch (error) {
      logger.error('audit record failed, write refused', { action: this.action, error });
      throw new DependencyError('audit store unavailable', {}, { cause: error });
    }
  }

  /**
   * Records the final status, and from a successful answer what it created and the names of the
   * fields it changed; never throws.
   */
  async finish(
    status: number,
    answer?: { body?: unknown; changedFields?: readonly string[] },
  ): Promise<void> {
    this.target ??= targetOfAnswer(answer?.body);
    this.at ??= this.now().toISOString();
    this.fields = answer?.changedFields;
    try {
      await this.write(status);
    } catch (error) {
      logger.error('audit record failed', { action: this.action, status, error });
    }
  }

  private async write(outcome: number | string): Promise<void> {
    await this.store.record({
      id: this.id,
      at: this.at ?? this.now().toISOString(),
      actor: this.actor,
      action: this.action,
      ...(this.target === undefined ? {} : { target: this.target }),
      ...(this.fields === undefined ? {} : { fields: [...this.fields] }),
      outcome,
    });
  }
}
