import type { IdRef } from '../identifiers/index.ts';

/** The partition key of an ID item, also used as a map key: `ID#<namespace>#<value>`. */
export function refKey(ref: IdRef): string {
  return `ID#${ref.namespace}#${ref.value}`;
}
