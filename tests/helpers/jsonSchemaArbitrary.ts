import fc from 'fast-check';

/** A JSON Schema (2020-12, as the OpenAPI 3.1 document writes it). */
export type JsonSchema = Record<string, unknown>;

/** Sizes of generated valid values: enough to reach the code, small enough to stay quick. */
const MAX_ITEMS = 4;
const MAX_CHARS = 24;

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown>)[part];
  return resolve(node as JsonSchema, root);
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = Math.max(
    min,
    Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : MAX_CHARS, MAX_CHARS),
  );
  const fits = (s: string) =>
    s.length >= min && s.length <= ((schema.maxLength as number | undefined) ?? Number.POSITIVE_INFINITY);
  if (schema.format === 'date-time')
    return fc
      .date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) })
      .map((d) => d.toISOString());
  if (schema.format === 'date')
    return fc
      .date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) })
      .map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'email') return fc.emailAddress().filter(fits);
  if (schema.format === 'uuid') return fc.uuid();
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern, 'u');
    try {
      return fc.stringMatching(pattern).filter(fits);
    } catch {
      // Lookarounds and the like: fast-check cannot build them; filter plain strings instead.
      return fc.string({ minLength: Math.max(min, 1), maxLength: max }).filter((s) => pattern.test(s));
    }
  }
  return fc.string({ minLength: min, maxLength: max });
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const num = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  const min = num('minimum') ?? (num('exclusiveMinimum') ?? -1e6 - 1) + (integer ? 1 : 0);
  const max = num('maximum') ?? (num('exclusiveMaximum') ?? 1e6 + 1) - (integer ? 1 : 0);
  const low = Math.max(min, -1e9);
  const high = Math.min(max, 1e9);
  return integer
    ? fc.integer({ min: Math.ceil(low), max: Math.floor(high) })
    : fc.oneof(
        fc.integer({ min: Math.ceil(low), max: Math.floor(high) }),
        fc.double({ min: low, max: high, noNaN: true }),
      );
}

/**
 * Values that a JSON Schema describes, as fast-check generates them: types, enums, constants,
 * unions, patterns (through `fc.stringMatching`), formats, bounds, required and optional
 * properties, maps with their `propertyNames` and `maxProperties`. Refinements a schema cannot say
 * (a trimmed ID, a valid email domain) are left to the API to refuse: those requests end in 400s.
 *
 * @example
 * fc.sample(arbitraryOf({ type: 'string', pattern: '^[a-z]{2}$' }, doc), 3); // ['ab', 'zz', 'qe']
 */
export function arbitraryOf(
  schema: JsonSchema | undefined,
  root: JsonSchema,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(null);
  const s = resolve(schema, root);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const union = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union)) return fc.oneof(...union.map((option) => arbitraryOf(option, root, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf[0]) return arbitraryOf(s.allOf[0] as JsonSchema, root, depth + 1);
  if (Array.isArray(s.type)) {
    return fc.oneof(...(s.type as string[]).map((type) => arbitraryOf({ ...s, type }, root, depth + 1)));
  }
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return numberArbitrary(s, true);
    case 'number':
      return numberArbitrary(s, false);
    case 'string':
      return stringArbitrary(s);
    case 'array': {
      const minLength = typeof s.minItems === 'number' ? s.minItems : 0;
      const maxLength = Math.max(
        minLength,
        Math.min(typeof s.maxItems === 'number' ? s.maxItems : MAX_ITEMS, MAX_ITEMS),
      );
      return fc.array(arbitraryOf(s.items as JsonSchema, root, depth + 1), { minLength, maxLength });
    }
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
      const names = Object.keys(properties);
      if (names.length > 0) {
        const required = ((s.required ?? []) as string[]).filter((name) => name in properties);
        return fc.record(
          Object.fromEntries(names.map((name) => [name, arbitraryOf(properties[name], root, depth + 1)])),
          { requiredKeys: required },
        );
      }
      if (typeof s.additionalProperties === 'object') {
        const keys = (s.propertyNames as JsonSchema | undefined) ?? {
          type: 'string',
          minLength: 1,
          maxLength: 16,
        };
        const maxKeys = Math.min(
          typeof s.maxProperties === 'number' ? s.maxProperties : MAX_ITEMS,
          MAX_ITEMS,
        );
        return fc.dictionary(
          arbitraryOf({ type: 'string', ...keys }, root, depth + 1) as fc.Arbitrary<string>,
          arbitraryOf(s.additionalProperties as JsonSchema, root, depth + 1),
          { maxKeys, noNullPrototype: true },
        );
      }
      return fc.constant({});
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
