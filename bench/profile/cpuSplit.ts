import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Shares (0–1, summing to 1) of a process's busy time: ours, and the AWS clients' (`sdk`). */
export interface CpuShares {
  core: number;
  sdk: number;
}

type Owner = 'core' | 'sdk' | undefined;

/**
 * Who a frame belongs to: the AWS clients' packages (the SDK's, and `@aws-lite/client` with its
 * signing library `aws4`, which sends the batch calls), or our code and the libraries it calls;
 * Node's own frames decide nothing.
 */
function ownerOf(url: string): Owner {
  if (url === '' || url.startsWith('node:')) return undefined;
  if (/node_modules\/(@(aws-sdk|smithy|aws-lite)|aws4)\//.test(url)) return 'sdk';
  return 'core';
}

/**
 * Runs `work` under the V8 sampling profiler and splits the busy samples between our code and the
 * AWS clients. A sample belongs to the nearest frame up its stack that is neither Node's nor native: the
 * HTTP socket writes a client starts are the client's, the gunzip stream ingest reads through is ours.
 * Samples with no such frame (garbage collection, the event loop) are shared in proportion.
 */
export async function cpuSplit<T>(work: () => Promise<T>): Promise<{ result: T; shares: CpuShares }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  await session.post('Profiler.start');
  let result: T;
  let profile: CpuProfile;
  try {
    result = await work();
  } finally {
    ({ profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile });
    session.disconnect();
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const owners = new Map<number, Owner>();
  const ownerOfNode = (id: number): Owner => {
    if (owners.has(id)) return owners.get(id);
    const node = byId.get(id);
    let owner = node ? ownerOf(node.callFrame.url) : undefined;
    if (owner === undefined && node?.callFrame.functionName !== '(idle)') {
      const up = parent.get(id);
      owner = up === undefined ? undefined : ownerOfNode(up);
    }
    owners.set(id, owner);
    return owner;
  };
  let core = 0;
  let sdk = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const owner = ownerOfNode(profile.samples[i] as number);
    const us = profile.timeDeltas[i] ?? 0;
    if (owner === 'core') core += us;
    else if (owner === 'sdk') sdk += us;
  }
  const known = core + sdk;
  return { result, shares: known === 0 ? { core: 1, sdk: 0 } : { core: core / known, sdk: sdk / known } };
}
