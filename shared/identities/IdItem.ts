import type { IdRef } from '../identifiers/index.ts';

/**
 * One ID (`ID#<namespace>#<value>` / `ID`): the recipient it reconciles to, if known, and the IDs
 * linked with it (at most MAX_LINKS_PER_ID). Index items (a recipient's email, phone, their SHA-256
 * and its recipientId) are ID items with `recipientId` set.
 */
export interface IdItem {
  namespace: string;
  value: string;
  recipientId?: string;
  linked: IdRef[];
}
