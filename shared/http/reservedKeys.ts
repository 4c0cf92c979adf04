/**
 * Keys no user-supplied map may hold: JavaScript gives them meaning (`__proto__` sets a prototype
 * and is dropped by parsers; an own `constructor` makes the DynamoDB encoder take the map for a
 * class instance and throw). Request bodies are checked for them everywhere (`parseJsonBody`),
 * recipient loads at their header. Free of imports: the console's parsers bundle it.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
