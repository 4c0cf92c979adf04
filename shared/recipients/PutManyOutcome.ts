/** Result of a bulk recipient load: entries written, and the refused ones by input position. */
export interface PutManyOutcome {
  written: number;
  errors: Array<{
    index: number;
    reason: 'invalid' | 'conflict';
    /** The field at fault (`recipientId`, `email`, `phone`) and why, never the value. */
    field: string;
    detail: string;
  }>;
}
