import {
  AuditedJobStore,
  type AuditStore,
  DynamoAuditRetention,
  DynamoAuditStore,
} from '../shared/audit/index.ts';
import { type AwsClients, createClients, createKmsClient, createLinksClient } from '../shared/aws/index.ts';
import { type Config, loadConfig } from '../shared/config/index.ts';
import { DynamoDataSourceStore } from '../shared/datasources/index.ts';
import type { ExportSources } from '../shared/exports/index.ts';
import {
  createIdentityService,
  DynamoIdentityStore,
  type IdentityService,
} from '../shared/identities/index.ts';
import {
  DynamoJobStore,
  type JobDispatcher,
  type JobStore,
  ReportingJobStore,
  SqsJobDispatcher,
} from '../shared/jobs/index.ts';
import { DynamoLeaseStore, type LeaseStore } from '../shared/leases/index.ts';
import { DynamoListStore, DynamoMemberLookup, type ListStore } from '../shared/lists/index.ts';
import { createJobMetrics, recordJobMetrics } from '../shared/metrics/index.ts';
import { type ObjectLinks, S3ObjectLinks } from '../shared/objects/index.ts';
import { DynamoPartnerStore, type PartnerStore } from '../shared/partners/index.ts';
import { DynamoPendingStore, type PendingStore, Rematcher } from '../shared/pending/index.ts';
import {
  DynamoRecipientChangeLog,
  DynamoRuleStore,
  MaterializeJobs,
  notifyCommits,
  RuleListMaterializer,
  RuleLists,
} from '../shared/rules/index.ts';
import { KmsSecretBox, LocalSecretBox, type SecretBox } from '../shared/secrets/index.ts';
import { DynamoSharedAudienceStore, type SharedAudienceStore } from '../shared/sharedAudiences/index.ts';

/**
 * Everything a handler needs, built once per process (a Lambda cold start, or the local stack)
 * from the validated configuration: the one place the stores are built from the config and the
 * clients (the `*Ports.ts` roots take their ports from it). Tests build their own with `createRuntime`.
 */
export interface Runtime {
  config: Config;
  clients: AwsClients;
  jobs: JobStore;
  dispatcher: JobDispatcher;
  now: () => Date;
  /** Seals secrets (data source keys, destination credentials); caches KMS data keys per process. */
  secrets: SecretBox;
  /** Leases on the table (list writes, ingest runs, exports and deliveries), on the runtime's clock. */
  leases: LeaseStore;
  /** Lists and their versioned memberships (ingest writes, export and the API read). */
  lists: ListStore;
  /** Shared audiences (export definitions and their snapshot pointers). */
  sharedAudiences: SharedAudienceStore;
  /** Identifiers, data sources, recipients, links and the one reconcile function. */
  identity: IdentityService;
  /** Partners: what the drops under each `inbound/<name>/` folder may do (admin-owned). */
  partners: PartnerStore;
  /** Who did what and when: every non-GET API call and every job queue/start/end (admin reads it). */
  audit: AuditStore;
  /** Deletes expired audit records (the schedule; DynamoDB TTL does the same in AWS). */
  auditRetention: DynamoAuditRetention;
  /** Deletes expired list change-log items (the schedule; DynamoDB TTL does the same in AWS). */
  changeLogRetention: { sweep(): Promise<number> };
  /** Rule lists: definitions and the triggers that queue their materialisation. */
  ruleLists: RuleLists;
  /** The `materialize:<listId>` jobs (the export worker runs them). */
  materializeJobs: MaterializeJobs;
  /** Short-lived links to the bucket's objects (the console's downloads and uploads). */
  links: ObjectLinks;
  /** Memberships of IDs that matched nobody yet (applied by `rematch:<cause>` jobs when they match). */
  pending: PendingStore;
  /** What exports read instead of the list store and identity area (tests install in-memory ones). */
  exportSources?: ExportSources;
}

export interface RuntimeOptions {
  config?: Config;
  dispatcher: JobDispatcher;
  now?: () => Date;
  /** Clients to use instead of building them from the config (the benchmark's in-process stand-ins). */
  clients?: AwsClients;
}

/** Builds a runtime; the stores share the clients. */
export function createRuntime(options: RuntimeOptions): Runtime {
  const config = options.config ?? loadConfig();
  const clients = options.clients ?? createClients(config);
  const now = options.now ?? (() => new Date());
  const audit = new DynamoAuditStore(clients.ddb, config.table, config.auditRetentionDays);
  const metrics = createJobMetrics();
  const reportedJobs = new ReportingJobStore(new DynamoJobStore(clients.ddb, config.table), (job) =>
    recordJobMetrics(metrics, job),
  );
  const jobs = new AuditedJobStore(reportedJobs, audit, now);
  const leases = new DynamoLeaseStore(clients.ddb, config.table, () => now().getTime());
  const dynamoLists = new DynamoListStore(clients.ddb, config.table, leases, {
    now,
    changeLogRetentionDays: config.changeLogRetentionDays,
  });
  // Every commit through the runtime's list store queues the rule lists that read that list.
  const lists = notifyCommits(dynamoLists, (listId) => ruleLists.listCommitted(listId));
  const rules = new DynamoRuleStore(clients.ddb, config.table);
  const recipientLog = new DynamoRecipientChangeLog(clients.ddb, config.table, { now });
  const pending = new DynamoPendingStore(clients.ddb, config.table);
  const rematcher = new Rematcher({ pending, lists, jobs, now });
  const secrets = createSecretBox(config);
  const identity = createIdentityService({
    identities: new DynamoIdentityStore(clients.ddb, config.table),
    dataSources: new DynamoDataSourceStore(clients.ddb, config.table, secrets, now),
    now,
    forgetMember: async (recipientId) => {
      await lists.forgetMember({ recipientId });
    },
    onRecipientsChanged: (recipientIds) => ruleLists.recipientsChanged(recipientIds),
    onMatched: (cause, matches) => rematcher.matched(cause, matches),
  });
  const materializeJobs = new MaterializeJobs({
    jobs,
    enqueue: (jobId) => options.dispatcher.enqueueExport(jobId),
    materializer: new RuleListMaterializer({
      rules,
      lists,
      changes: dynamoLists.changeLog,
      lookup: new DynamoMemberLookup(clients.ddb, config.table),
      recipients: identity.recipients,
      recipientLog,
    }),
    now,
  });
  const ruleLists = new RuleLists({ lists, rules, recipientLog, jobs: materializeJobs });
  return {
    config,
    clients,
    jobs,
    dispatcher: options.dispatcher,
    now,
    secrets,
    leases,
    lists,
    sharedAudiences: new DynamoSharedAudienceStore(clients.ddb, config.table),
    links: new S3ObjectLinks(createLinksClient(config), config.bucket),
    identity,
    partners: new DynamoPartnerStore(clients.ddb, config.table, now),
    audit,
    auditRetention: new DynamoAuditRetention(clients.ddb, config.table, config.auditRetentionDays, now),
    changeLogRetention: { sweep: () => dynamoLists.sweepChangeLogs() },
    ruleLists,
    materializeJobs,
    pending,
  };
}

/** KMS envelope encryption when `config.kmsKeyId` is set (AWS), else the local key under `AB_HOME`. */
function createSecretBox(config: Config): SecretBox {
  return config.kmsKeyId
    ? new KmsSecretBox(createKmsClient(config), config.kmsKeyId)
    : new LocalSecretBox(config.home);
}

let current: Runtime | undefined;

/**
 * The runtime every handler uses: built on first use from the environment (a Lambda cold start),
 * or installed by the local stack with `setRuntime` before it invokes handlers.
 */
export function getRuntime(): Runtime {
  if (!current) {
    const config = loadConfig();
    current = createRuntime({ config, dispatcher: new SqsJobDispatcher(config) });
  }
  return current;
}

/** Installs the runtime (local stack, tests); `undefined` clears it. */
export function setRuntime(runtime: Runtime | undefined): void {
  current = runtime;
}
