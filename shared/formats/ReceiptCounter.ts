import {
  type IdCheck,
  normaliseId,
  validationNamespace,
  WELL_KNOWN_NAMESPACES,
} from '../identifiers/index.ts';
import type { IdRef } from '../identifiers/types.ts';
import {
  emptyReceipt,
  MAX_RECEIPT_ERRORS,
  noUnmatched,
  type Receipt,
  type ReceiptError,
} from '../jobs/Receipt.ts';
import { DEFAULT_MAX_LINE_BYTES, type Line } from '../lines/Line.ts';
import { ALL_SEGMENTS } from './aamInboundParser.ts';
import type { DropInfo, LineError, LineParser, ParsedRecord } from './types.ts';
import { validateIdRef } from './validateIdRef.ts';

const SAFE_NAMESPACES: ReadonlySet<string> = new Set(WELL_KNOWN_NAMESPACES);

/** What one line turned out to be, after parsing and ID validation. */
export type LineOutcome =
  | { status: 'header' }
  | { status: 'format-error'; reason: string }
  | { status: 'invalid-id'; reason: string }
  /** The file cannot be used at all (`LineError.wholeFile`): stop reading, fail the drop whole. */
  | { status: 'unusable'; reason: string }
  /** A usable record; its ID values are normalised (`normaliseId`). */
  | { status: 'record'; record: ParsedRecord }
  /**
   * A membership whose ID is a blocked value (`null`, all zeros…): processed, and unmatched for
   * reason `blocked` (it never links anything); `detail` names the rule, never the value.
   */
  | { status: 'blocked'; record: Extract<ParsedRecord, { kind: 'membership' }>; detail: string };

export interface ReceiptCounterOptions {
  /** How IDs are checked; default {@link validateIdRef} (no store). */
  validateId?: (id: IdRef) => IdCheck;
  /** The line limit `readLines` used, for the error reason. */
  maxLineBytes?: number;
}

/**
 * Counts a drop's lines the one way ingest and `inspect` share (CONTRACT.md "Receipt"):
 * `linesRead` = non-blank lines except the header; `formatErrors` = lines that do not read or
 * parse; `invalidIds` = parsed lines with an ID failing its namespace's validation (a links row
 * or recipient row fails if any of its IDs does); `recordsProcessed` = lines with valid IDs;
 * `segments` = distinct segment IDs of processed lines (not `*`); `errors` = the first 100
 * `{line, reason}`, reasons naming the field only. Pure: no store, no I/O.
 *
 * @example
 * const counter = new ReceiptCounter(info);
 * const parser = createLineParser(info);
 * for await (const line of readLines(source)) {
 *   const outcome = counter.feed(line, parser);
 *   if (outcome.status === 'record') await apply(outcome.record);
 * }
 * const receipt = counter.toReceipt();
 */
export class ReceiptCounter {
  linesRead = 0;
  formatErrors = 0;
  invalidIds = 0;
  recordsProcessed = 0;
  /** Processed memberships whose ID is a blocked value: unmatched, reason `blocked`. */
  blocked = 0;
  readonly errors: ReceiptError[] = [];
  /** Why the whole file is unusable (the first `wholeFile` error), if it is. */
  unusable: string | undefined;
  private readonly segmentSet = new Set<string>();
  private readonly validateId: (id: IdRef) => IdCheck;
  private readonly tooLongReason: string;
  /**
   * The namespace the last checked ID was validated (and normalised) under, as `validateIdRef`
   * chose it (`dpid:<n>` with a 38-digit value → `ecid`, …). After a membership record, that of its
   * ID: ingest passes it on so the reconciler need not normalise the value again when the ID
   * resolves to that same namespace. Undefined with a custom `validateId`.
   */
  lastValidatedAs: string | undefined;
  /** The detail of the last refused ID when it was a blocked value (else undefined). */
  private lastBlocked: string | undefined;

  constructor(
    private readonly info: Pick<DropInfo, 'format' | 'mode'> | null,
    options: ReceiptCounterOptions = {},
  ) {
    this.validateId = options.validateId ?? validateIdRef;
    this.tooLongReason = `line: longer than ${options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES} bytes`;
  }

  /** Parses one line from `readLines` with `parser` and counts it. */
  feed(line: Line, parser: LineParser): LineOutcome {
    if ('error' in line) {
      const reason = line.error === 'line-too-long' ? this.tooLongReason : 'line: not valid UTF-8';
      return this.count(line.lineNumber, { reason });
    }
    let result: ParsedRecord | LineError | null;
    try {
      result = parser.parseLine(line.text, line.lineNumber);
    } catch {
      // A parser must not throw; if one does, the line is still counted, never the file lost.
      result = { reason: 'row: could not be parsed' };
    }
    return this.count(line.lineNumber, result);
  }

  /** Counts the result of parsing line `lineNumber` (`null` = a header row, not counted). */
  count(lineNumber: number, result: ParsedRecord | LineError | null): LineOutcome {
    if (result === null) return { status: 'header' };
    if ('reason' in result && result.wholeFile) {
      this.unusable ??= result.reason;
      return { status: 'unusable', reason: result.reason };
    }
    this.linesRead += 1;
    if (!('kind' in result)) {
      this.formatErrors += 1;
      this.addError(lineNumber, result.reason);
      return { status: 'format-error', reason: result.reason };
    }
    const checked = this.normalise(result);
    if (typeof checked === 'string' && result.kind === 'membership' && this.lastBlocked !== undefined) {
      this.recordsProcessed += 1;
      this.blocked += 1;
      this.addSegments(result);
      return { status: 'blocked', record: result, detail: this.lastBlocked };
    }
    if (typeof checked === 'string') {
      this.invalidIds += 1;
      this.addError(lineNumber, checked);
      return { status: 'invalid-id', reason: checked };
    }
    this.recordsProcessed += 1;
    if (checked.kind === 'membership') this.addSegments(checked);
    return { status: 'record', record: checked };
  }

  private addSegments(record: Extract<ParsedRecord, { kind: 'membership' }>): void {
    for (const segment of record.add) this.segmentSet.add(segment);
    for (const segment of record.remove) if (segment !== ALL_SEGMENTS) this.segmentSet.add(segment);
  }

  /** Distinct segment IDs seen in processed lines: numeric ones in numeric order, then the rest. */
  segments(): string[] {
    return [...this.segmentSet].sort(compareSegments);
  }

  /**
   * The counters as a receipt. Of the unmatched IDs only the blocked ones are known without a
   * store; the other reasons, memberships and links are the pipeline's.
   */
  toReceipt(): Receipt {
    return {
      ...emptyReceipt(this.info?.format ?? null, this.info?.mode ?? null),
      linesRead: this.linesRead,
      recordsProcessed: this.recordsProcessed,
      formatErrors: this.formatErrors,
      invalidIds: this.invalidIds,
      unmatchedIds: this.blocked,
      unmatched: { ...noUnmatched(), blocked: this.blocked },
      segments: this.segments(),
      errors: [...this.errors],
    };
  }

  private addError(line: number, reason: string): void {
    if (this.errors.length < MAX_RECEIPT_ERRORS) this.errors.push({ line, reason });
  }

  /** The record with normalised ID values, or the reason (naming the field) an ID is refused. */
  private normalise(record: ParsedRecord): ParsedRecord | string {
    switch (record.kind) {
      case 'membership': {
        const id = this.check(record.id, 'id');
        if (typeof id === 'string') return id;
        // Unchanged ID (the common case): the parser's own record, no copy per line.
        return id === record.id ? record : { ...record, id };
      }
      case 'links': {
        const ids: IdRef[] = [];
        for (const ref of record.ids) {
          const id = this.check(ref, 'ids');
          if (typeof id === 'string') return id;
          ids.push(id);
        }
        return { kind: 'links', ids };
      }
      case 'recipient': {
        const recipientId = this.check(
          { namespace: 'recipientId', value: record.recipientId },
          'recipientId',
        );
        if (typeof recipientId === 'string') return recipientId;
        const out: Extract<ParsedRecord, { kind: 'recipient' }> = {
          ...record,
          recipientId: recipientId.value,
        };
        if (record.email !== undefined) {
          const email = this.check({ namespace: 'email', value: record.email }, 'email');
          if (typeof email === 'string') return email;
          out.email = email.value;
        }
        if (record.phone !== undefined) {
          const phone = this.check({ namespace: 'phone', value: record.phone }, 'phone');
          if (typeof phone === 'string') return phone;
          out.phone = phone.value;
        }
        return out;
      }
    }
  }

  private check(id: IdRef, field: string): IdRef | string {
    this.lastBlocked = undefined;
    let result: IdCheck;
    if (this.validateId === validateIdRef) {
      // validateIdRef, with the namespace it picks kept for `lastValidatedAs`.
      this.lastValidatedAs = validationNamespace(id);
      result = normaliseId(this.lastValidatedAs, id.value);
    } else {
      this.lastValidatedAs = undefined;
      result = this.validateId(id);
    }
    if (result.ok) return result.value === id.value ? id : { namespace: id.namespace, value: result.value };
    if (result.reason === 'blocked') this.lastBlocked = result.detail;
    // A namespace read from a generic file's column may be anything (even personal data): name
    // only well-known and DPID namespaces in a reason.
    const namespace =
      SAFE_NAMESPACES.has(id.namespace) || /^dpid:\d{1,10}$/.test(id.namespace) ? `${id.namespace} ` : '';
    return `${field}: ${result.reason} ${namespace}(${result.detail})`;
  }
}

/** Segment IDs in receipt order: numeric ones in numeric order, then the rest. */
export function compareSegments(a: string, b: string): number {
  const aNumeric = isNumeric(a);
  const bNumeric = isNumeric(b);
  if (aNumeric && bNumeric) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isNumeric(value: string): boolean {
  return value.length > 0 && value.length < 20 && /^\d+$/.test(value);
}
