import type { ListStore, ListWrite } from '../lists/index.ts';

/**
 * Forwards every property to `target`, methods bound to it, except those in `overrides`. A
 * property set on the proxy overrides what it answers from then on (as on a plain object), so
 * code that patches a method of the store (tests injecting a crash) patches this view of it.
 */
function forwarding<T extends object>(target: T, overrides: Partial<T>): T {
  const own: Record<PropertyKey, unknown> = { ...overrides };
  return new Proxy(target, {
    get(inner, property) {
      if (Object.hasOwn(own, property)) return own[property];
      const value = Reflect.get(inner, property, inner);
      return typeof value === 'function' ? value.bind(inner) : value;
    },
    set(_inner, property, value) {
      own[property] = value;
      return true;
    },
  });
}

/**
 * The list store, calling `onCommitted(listId)` after every commit made through it (ingest, the
 * lists API, a rule list's own materialisation): how rule lists hear that an input changed.
 * A forwarding proxy, so the store's and its writes' other members (present or future) are untouched.
 *
 * @example
 * const lists = notifyCommits(dynamoLists, (listId) => ruleLists.listCommitted(listId));
 */
export function notifyCommits(store: ListStore, onCommitted: (listId: string) => Promise<void>): ListStore {
  const openWrite = store.openWrite.bind(store);
  return forwarding(store, {
    async openWrite(...args: Parameters<ListStore['openWrite']>): Promise<ListWrite> {
      const write = await openWrite(...args);
      const commit = write.commit.bind(write);
      return forwarding(write, {
        async commit(...commitArgs: Parameters<ListWrite['commit']>) {
          const counts = await commit(...commitArgs);
          await onCommitted(write.listId);
          return counts;
        },
      });
    },
  });
}
