/** A recipient (profile) of the marketing system. */
export interface Recipient {
  recipientId: string;
  email?: string;
  phone?: string;
  attributes?: Record<string, string | number | boolean | null>;
  /** Consent flags by purpose (`marketing: false` suppresses exports for that purpose). */
  consent?: Record<string, boolean>;
  /** Data-usage labels (e.g. `C2`, `no-third-party`): exports declaring a label leave the recipient out. */
  labels?: string[];
  /** IDs linked to this recipient, by namespace (bounded per namespace). */
  ids: Record<string, string[]>;
  updatedAt: string;
}
