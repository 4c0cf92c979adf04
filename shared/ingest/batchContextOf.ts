import type { ReceiptCounter } from '../formats/index.ts';
import type { Job } from '../jobs/index.ts';
import type { DropRights } from '../partners/index.ts';
import type { BatchContext } from './BatchContext.ts';
import type { CheckedDrop } from './checkDrop.ts';
import type { PipelineCounters } from './IngestCheckpoint.ts';
import type { IngestPorts } from './IngestPorts.ts';
import { ListIdLimits } from './ListIdLimits.ts';
import type { MembershipApplier } from './MembershipApplier.ts';
import { PENDING_TTL_MS } from './PendingBatch.ts';
import type { RejectedFile } from './RejectedLines.ts';

/** What a run's batches share: the drop, its writers and counters, and the run's lookups. */
export function batchContextOf(
  ports: IngestPorts,
  job: Job,
  drop: CheckedDrop,
  run: {
    applier: MembershipApplier;
    counters: PipelineCounters;
    counter: ReceiptCounter;
    rejected: RejectedFile;
    unmatched: RejectedFile;
  },
): BatchContext {
  const { info, rights } = drop;
  return {
    ...run,
    identity: ports.identity,
    info,
    resolve: namespaceResolver(ports, rights),
    rights,
    listLimits: new ListIdLimits(ports.settings.maxDropSegments),
    fedSegments: fedSegmentsOf(ports, rights),
    cause: job.jobId,
    pending: ports.pending,
    pendingStamp: {
      ts: info.timestamp ?? Date.parse(job.createdAt),
      exp: ports.now().getTime() + PENDING_TTL_MS,
    },
    listMatches: new Map(),
  };
}

/** `BatchContext.resolve`: each namespace of the drop resolved (and checked) once per run. */
function namespaceResolver(ports: IngestPorts, rights: DropRights): (namespace: string) => Promise<string> {
  const namespaces = new Map<string, Promise<string>>();
  return (namespace) => {
    let found = namespaces.get(namespace);
    if (!found) {
      const resolved = namespace.startsWith('dpid:')
        ? ports.identity.namespaceForDpid(Number(namespace.slice(5)))
        : Promise.resolve(namespace);
      found = resolved.then((ns) => {
        rights.checkNamespace(namespace, ns);
        return ns;
      });
      namespaces.set(namespace, found);
    }
    return found;
  };
}

/** `BatchContext.fedSegments`: the stored lists are read once per drop, when first needed. */
function fedSegmentsOf(ports: IngestPorts, rights: DropRights): (source: string) => Promise<string[]> {
  let lists: ReturnType<IngestPorts['lists']['list']> | undefined;
  return async (source) => {
    lists ??= ports.lists.list();
    return (await lists).flatMap((list) =>
      list.source === source && list.segmentId !== undefined && rights.allows(list.listId)
        ? [list.segmentId]
        : [],
    );
  };
}
