import type { Acquired, LeaseStore } from '../leases/index.ts';

/** Pauses while waiting for a racing range's claim to be recorded on the lease. */
const JOIN_POLLS = 10;
const JOIN_PAUSE_MS = 200;

/**
 * Whether the list's open session `writer` belongs to the lease holder (one drop's plan, whose
 * ranges share the holder), so a range joins it instead of claiming a new one. It does when the
 * lease, held by this holder already before this acquire, records `writer` as its pending
 * version. A claim by another range whose lease data is not written yet is waited for
 * (≤ 2 s); a writer left by another holder (the lease was free or taken over) is not ours.
 */
export async function isJoinedSession(
  leases: LeaseStore,
  lease: { resource: string; holder: string; ttlMs: number },
  acquired: Acquired,
  writer: number,
): Promise<boolean> {
  if (!acquired.resumed) return false;
  let data = acquired.lease.data;
  for (let poll = 0; ; poll++) {
    if (data.pending === writer) return true;
    if (poll >= JOIN_POLLS) return false;
    await new Promise((resolve) => setTimeout(resolve, JOIN_PAUSE_MS));
    const again = await leases.acquire(lease.resource, lease.holder, lease.ttlMs);
    data = again?.lease.data ?? {};
  }
}
