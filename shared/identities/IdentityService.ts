import type { DataSourceStore } from '../datasources/index.ts';
import type { IdRef } from '../identifiers/index.ts';
import type { RecipientService } from '../recipients/RecipientService.ts';
import type { Recipient } from '../recipients/types.ts';
import type { LinkOutcome, Reconciler } from './Reconciler.ts';

/** What `GET /v1/identities/{namespace}/{value}` and `POST /v1/identities/links` answer. */
export interface IdentityView {
  namespace: string;
  value: string;
  recipientId: string | null;
  linked: IdRef[];
}

/** Whom an ID names, for a privacy delete (nothing written yet). */
export interface IdSubject {
  /** The ID as stored (normalised, in its data source's namespace). */
  key: IdRef;
  /** Whether an ID item is stored under `key` (an ID linked or synced without a recipient). */
  stored: boolean;
  /** The recipient it reconciles to. */
  recipient?: Recipient;
  /** The address it stands for: a plain email or phone, or an encrypted declared ID's decrypted one. */
  address?: { address: string; channel: 'email' | 'sms' };
  /** The keys (`refKey`) it is looked up by: its own, then its candidates' (pending memberships sit under them). */
  lookupKeys: string[];
}

/**
 * The identity area as the rest of the product sees it (`runtime.identity`): reconcile, links,
 * DPID namespace mapping, data sources and recipients.
 */
export interface IdentityService {
  /** The one reconcile function: the API and every ingest drop call it. */
  reconciler: Reconciler;
  /** Batch links of ID-sync rows (ingest): batched reads and writes, refused rows counted. */
  link(rows: IdRef[][], cause?: string): Promise<LinkOutcome>;
  /** One link of the API: 400 invalid ID, 404 unknown recipient, 409 refused merge or guardrail. */
  linkIds(ids: IdRef[], recipientId?: string): Promise<{ recipientId: string | null; ids: IdRef[] }>;
  /** One ID with its recipient and links; 400 when invalid, 404 when unknown. */
  lookup(ref: IdRef): Promise<IdentityView>;
  /** Whom an ID names (privacy delete); 400 when invalid. */
  subjectOf(ref: IdRef): Promise<IdSubject>;
  /** Deletes an ID item that names no recipient, and every reference to it in the items linked to it. */
  eraseId(key: IdRef): Promise<void>;
  /** The one namespace of a DPID (segment and ID-sync files, API, exports): `IdResolver.namespaceForDpid`. */
  namespaceForDpid(dpid: number): Promise<string>;
  dataSources: DataSourceStore;
  recipients: RecipientService;
}
