/**
 * Waits for every promise to settle, then rejects with the first failure (in input order), if any.
 * Unlike `Promise.all`, it never returns while some work is still running: a caller that cleans
 * up after a failure (rolls back a list's pending writes, releases its lease) cannot race writes
 * that are still in flight.
 *
 * @example
 * await settleAll(lists.map((list) => list.apply(ops))); // every list's writes are done or failed
 */
export async function settleAll<T>(promises: Iterable<Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
