import type { ListStore, ListWrite } from '../lists/index.ts';

/** Forwards every property to `target`, methods bound to it, except those in `overrides`. */
function forwarding<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(inner, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value = Reflect.get(inner, property, inner);
      return typeof value === 'function' ? value.bind(inner) : value;
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
  return forwarding(store, {
    async openWrite(...args: Parameters<ListStore['openWrite']>): Promise<ListWrite> {
      const write = await store.openWrite(...args);
      return forwarding(write, {
        async commit(...commitArgs: Parameters<ListWrite['commit']>) {
          const counts = await write.commit(...commitArgs);
          await onCommitted(write.listId);
          return counts;
        },
      });
    },
  });
}
