import * as z from 'zod';

/**
 * A rule in a request body (docs/rules.md). Its terms are checked by `parseRule`, whose errors
 * name the term (`rule.all.1.list: no list api.x`), so this schema only says it is an object.
 */
export const ruleBodySchema = z
  .record(z.string(), z.unknown())
  // One of all, any or not (`parseRule` says so by name); the cap is for the API description.
  .meta({ maxProperties: 1 })
  .describe(
    '{all: [term…]}, {any: [term…]} or {not: term}; a term is a rule, {list: listId} or {attribute: "attributes.<name>"|"consent.<purpose>"|"labels", op: "eq"|"in"|"exists"|"before"|"after", value?}',
  );
