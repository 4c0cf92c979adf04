/**
 * A small DynamoDB expression engine for the in-process stand-in: condition, filter and key
 * condition expressions (comparisons, BETWEEN, IN, AND/OR/NOT, attribute_exists,
 * attribute_not_exists, begins_with, contains, size) and update expressions (SET with `+`/`-`,
 * if_not_exists and list_append; REMOVE; ADD; DELETE). Anything else throws
 * {@link UnsupportedExpressionError} so a store using it fails loudly instead of being miscounted.
 */

export type Item = Record<string, unknown>;
export type Names = Record<string, string> | undefined;
export type Values = Record<string, unknown> | undefined;

/** Raised for expression syntax the stand-in does not implement (never silently ignored). */
export class UnsupportedExpressionError extends Error {
  override name = 'UnsupportedExpressionError';
}

type Token = { t: 'name' | 'value' | 'op' | 'num' | 'word'; v: string };

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'SET', 'REMOVE', 'ADD', 'DELETE']);

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      i += 1;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '<>' || two === '<=' || two === '>=') {
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if ('=<>(),.[]+-'.includes(c)) {
      out.push({ t: 'op', v: c });
      i += 1;
      continue;
    }
    const m = /^[#:]?[A-Za-z0-9_]+/.exec(src.slice(i));
    if (!m) throw new UnsupportedExpressionError(`expression: unexpected character at ${i}`);
    const word = m[0];
    i += word.length;
    if (word.startsWith(':')) out.push({ t: 'value', v: word });
    else if (/^\d+$/.test(word)) out.push({ t: 'num', v: word });
    else if (!word.startsWith('#') && KEYWORDS.has(word.toUpperCase()))
      out.push({ t: 'word', v: word.toUpperCase() });
    else out.push({ t: 'name', v: word });
  }
  return out;
}

/** A document path: attribute names and list indexes. */
type Path = Array<string | number>;

type Operand =
  | { k: 'path'; path: Path }
  | { k: 'value'; name: string }
  | { k: 'size'; path: Path }
  | { k: 'ifNotExists'; path: Path; fallback: Operand }
  | { k: 'listAppend'; a: Operand; b: Operand }
  | { k: 'arith'; op: '+' | '-'; a: Operand; b: Operand };

export type Condition =
  | { k: 'and' | 'or'; a: Condition; b: Condition }
  | { k: 'not'; a: Condition }
  | { k: 'cmp'; op: string; a: Operand; b: Operand }
  | { k: 'between'; a: Operand; lo: Operand; hi: Operand }
  | { k: 'in'; a: Operand; list: Operand[] }
  | { k: 'fn'; fn: string; args: Operand[] };

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly names: Names,
  ) {}

  done(): boolean {
    return this.i >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.i];
  }

  next(): Token {
    const t = this.tokens[this.i];
    if (!t) throw new UnsupportedExpressionError('expression: unexpected end');
    this.i += 1;
    return t;
  }

  expect(v: string): void {
    const t = this.next();
    if (t.v !== v) throw new UnsupportedExpressionError(`expression: expected '${v}', found '${t.v}'`);
  }

  isOp(v: string): boolean {
    const t = this.peek();
    return t !== undefined && (t.t === 'op' || t.t === 'word') && t.v === v;
  }

  condition(): Condition {
    let left = this.conjunction();
    while (this.isOp('OR')) {
      this.next();
      left = { k: 'or', a: left, b: this.conjunction() };
    }
    return left;
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.isOp('AND')) {
      this.next();
      left = { k: 'and', a: left, b: this.negation() };
    }
    return left;
  }

  private negation(): Condition {
    if (this.isOp('NOT')) {
      this.next();
      return { k: 'not', a: this.negation() };
    }
    return this.primary();
  }

  private primary(): Condition {
    if (this.isOp('(')) {
      this.next();
      const inner = this.condition();
      this.expect(')');
      return inner;
    }
    const t = this.peek();
    const after = this.tokens[this.i + 1];
    if (t?.t === 'name' && after?.v === '(' && t.v !== 'size') {
      const fn = t.v;
      if (!['attribute_exists', 'attribute_not_exists', 'begins_with', 'contains'].includes(fn)) {
        throw new UnsupportedExpressionError(`expression: function ${fn} is not supported`);
      }
      this.next();
      this.next();
      const args = [this.operand()];
      while (this.isOp(',')) {
        this.next();
        args.push(this.operand());
      }
      this.expect(')');
      return { k: 'fn', fn, args };
    }
    const a = this.operand();
    const op = this.next();
    if (op.v === 'BETWEEN') {
      const lo = this.operand();
      this.expect('AND');
      return { k: 'between', a, lo, hi: this.operand() };
    }
    if (op.v === 'IN') {
      this.expect('(');
      const list = [this.operand()];
      while (this.isOp(',')) {
        this.next();
        list.push(this.operand());
      }
      this.expect(')');
      return { k: 'in', a, list };
    }
    if (!['=', '<>', '<', '<=', '>', '>='].includes(op.v)) {
      throw new UnsupportedExpressionError(`expression: unsupported operator '${op.v}'`);
    }
    return { k: 'cmp', op: op.v, a, b: this.operand() };
  }

  /** An operand of SET: value, path, function, or `a + b` / `a - b`. */
  setValue(): Operand {
    const a = this.operand();
    if (this.isOp('+') || this.isOp('-')) {
      const op = this.next().v as '+' | '-';
      return { k: 'arith', op, a, b: this.operand() };
    }
    return a;
  }

  operand(): Operand {
    const t = this.peek();
    if (!t) throw new UnsupportedExpressionError('expression: missing operand');
    if (t.t === 'value') {
      this.next();
      return { k: 'value', name: t.v };
    }
    const after = this.tokens[this.i + 1];
    if (t.t === 'name' && after?.v === '(') {
      this.next();
      this.next();
      if (t.v === 'size') {
        const path = this.path();
        this.expect(')');
        return { k: 'size', path };
      }
      if (t.v === 'if_not_exists') {
        const path = this.path();
        this.expect(',');
        const fallback = this.operand();
        this.expect(')');
        return { k: 'ifNotExists', path, fallback };
      }
      if (t.v === 'list_append') {
        const a = this.operand();
        this.expect(',');
        const b = this.operand();
        this.expect(')');
        return { k: 'listAppend', a, b };
      }
      throw new UnsupportedExpressionError(`expression: function ${t.v} is not supported`);
    }
    return { k: 'path', path: this.path() };
  }

  path(): Path {
    const path: Path = [this.attributeName()];
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        path.push(this.attributeName());
      } else if (this.isOp('[')) {
        this.next();
        const n = this.next();
        if (n.t !== 'num') throw new UnsupportedExpressionError('expression: list index must be a number');
        path.push(Number(n.v));
        this.expect(']');
      } else return path;
    }
  }

  private attributeName(): string {
    const t = this.next();
    if (t.t !== 'name')
      throw new UnsupportedExpressionError(`expression: expected an attribute name, found '${t.v}'`);
    if (!t.v.startsWith('#')) return t.v;
    const resolved = this.names?.[t.v];
    if (resolved === undefined)
      throw new Error(`ValidationException: ${t.v} is not defined in ExpressionAttributeNames`);
    return resolved;
  }
}

const conditionCache = new Map<string, Condition>();

/** Parses (and caches per expression text and names) a condition, filter or key condition. */
export function parseCondition(src: string, names: Names): Condition {
  const cacheKey = `${src}\u0000${names ? JSON.stringify(names) : ''}`;
  const cached = conditionCache.get(cacheKey);
  if (cached) return cached;
  const parser = new Parser(tokenize(src), names);
  const cond = parser.condition();
  if (!parser.done()) throw new UnsupportedExpressionError('expression: trailing tokens');
  conditionCache.set(cacheKey, cond);
  return cond;
}

function getPath(item: Item | undefined, path: Path): unknown {
  let cur: unknown = item;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

function attributeValue(name: string, values: Values): unknown {
  if (!values || !(name in values))
    throw new Error(`ValidationException: ${name} is not defined in ExpressionAttributeValues`);
  return values[name];
}

function evalOperand(op: Operand, item: Item | undefined, values: Values): unknown {
  switch (op.k) {
    case 'path':
      return getPath(item, op.path);
    case 'value':
      return attributeValue(op.name, values);
    case 'size': {
      const v = getPath(item, op.path);
      if (typeof v === 'string') return Buffer.byteLength(v);
      if (Array.isArray(v)) return v.length;
      if (v instanceof Set) return v.size;
      if (v && typeof v === 'object') return Object.keys(v).length;
      return undefined;
    }
    case 'ifNotExists': {
      const v = getPath(item, op.path);
      return v === undefined ? evalOperand(op.fallback, item, values) : v;
    }
    case 'listAppend': {
      const a = evalOperand(op.a, item, values);
      const b = evalOperand(op.b, item, values);
      if (!Array.isArray(a) || !Array.isArray(b))
        throw new Error('ValidationException: list_append needs two lists');
      return [...a, ...b];
    }
    case 'arith': {
      const a = evalOperand(op.a, item, values);
      const b = evalOperand(op.b, item, values);
      if (typeof a !== 'number' || typeof b !== 'number') {
        throw new Error(
          'ValidationException: an operand in the update expression has an incorrect data type',
        );
      }
      return op.op === '+' ? a + b : a - b;
    }
  }
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function ordered(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined; // different types never compare in DynamoDB: the condition is false
}

/** Evaluates a parsed condition against an item (undefined = no item). */
export function evaluate(cond: Condition, item: Item | undefined, values: Values): boolean {
  switch (cond.k) {
    case 'and':
      return evaluate(cond.a, item, values) && evaluate(cond.b, item, values);
    case 'or':
      return evaluate(cond.a, item, values) || evaluate(cond.b, item, values);
    case 'not':
      return !evaluate(cond.a, item, values);
    case 'cmp': {
      const a = evalOperand(cond.a, item, values);
      const b = evalOperand(cond.b, item, values);
      if (cond.op === '=') return same(a, b);
      if (cond.op === '<>') return a !== undefined && !same(a, b);
      const c = ordered(a, b);
      if (c === undefined) return false;
      return cond.op === '<' ? c < 0 : cond.op === '<=' ? c <= 0 : cond.op === '>' ? c > 0 : c >= 0;
    }
    case 'between': {
      const a = evalOperand(cond.a, item, values);
      const lo = ordered(a, evalOperand(cond.lo, item, values));
      const hi = ordered(a, evalOperand(cond.hi, item, values));
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
    }
    case 'in': {
      const a = evalOperand(cond.a, item, values);
      return cond.list.some((o) => same(a, evalOperand(o, item, values)));
    }
    case 'fn': {
      const [first, second] = cond.args;
      if (!first) return false;
      if (cond.fn === 'attribute_exists' || cond.fn === 'attribute_not_exists') {
        if (first.k !== 'path') throw new UnsupportedExpressionError(`expression: ${cond.fn} needs a path`);
        const exists = getPath(item, first.path) !== undefined;
        return cond.fn === 'attribute_exists' ? exists : !exists;
      }
      const a = evalOperand(first, item, values);
      const b = second ? evalOperand(second, item, values) : undefined;
      if (cond.fn === 'begins_with') return typeof a === 'string' && typeof b === 'string' && a.startsWith(b);
      // contains
      if (typeof a === 'string' && typeof b === 'string') return a.includes(b);
      if (Array.isArray(a)) return a.some((x) => same(x, b));
      if (a instanceof Set) return a.has(b);
      return false;
    }
  }
}

type UpdateAction =
  | { k: 'set'; path: Path; value: Operand }
  | { k: 'remove'; path: Path }
  | { k: 'add' | 'delete'; path: Path; value: Operand };

const updateCache = new Map<string, UpdateAction[]>();

/** Parses (and caches) an update expression into its SET / REMOVE / ADD / DELETE actions. */
export function parseUpdate(src: string, names: Names): UpdateAction[] {
  const cacheKey = `${src}\u0000${names ? JSON.stringify(names) : ''}`;
  const cached = updateCache.get(cacheKey);
  if (cached) return cached;
  const p = new Parser(tokenize(src), names);
  const actions: UpdateAction[] = [];
  while (!p.done()) {
    const clause = p.next();
    if (clause.t !== 'word')
      throw new UnsupportedExpressionError(`update: expected SET/REMOVE/ADD/DELETE, found '${clause.v}'`);
    for (;;) {
      const path = p.path();
      if (clause.v === 'SET') {
        p.expect('=');
        actions.push({ k: 'set', path, value: p.setValue() });
      } else if (clause.v === 'REMOVE') actions.push({ k: 'remove', path });
      else if (clause.v === 'ADD' || clause.v === 'DELETE') {
        actions.push({ k: clause.v === 'ADD' ? 'add' : 'delete', path, value: p.operand() });
      } else throw new UnsupportedExpressionError(`update: unsupported clause ${clause.v}`);
      if (!p.isOp(',')) break;
      p.next();
    }
  }
  updateCache.set(cacheKey, actions);
  return actions;
}

function setPath(item: Item, path: Path, value: unknown): void {
  let cur: Record<string | number, unknown> = item;
  for (let i = 0; i < path.length - 1; i += 1) {
    const part = path[i] as string | number;
    const next = cur[part];
    if (next === null || typeof next !== 'object') {
      throw new Error(
        'ValidationException: The document path provided in the update expression is invalid for update',
      );
    }
    // Copy on write: items handed out earlier must not change under their holder.
    const copy = Array.isArray(next) ? [...next] : { ...(next as Record<string, unknown>) };
    cur[part] = copy;
    cur = copy as Record<string | number, unknown>;
  }
  const last = path[path.length - 1] as string | number;
  if (value === undefined) {
    if (Array.isArray(cur) && typeof last === 'number') cur.splice(last, 1);
    else delete cur[last];
  } else cur[last] = value;
}

/** Applies update actions to a copy of `item` (or a new item) and returns the copy. */
export function applyUpdate(actions: UpdateAction[], item: Item, values: Values): Item {
  const next: Item = { ...item };
  for (const action of actions) {
    if (action.k === 'set') setPath(next, action.path, evalOperand(action.value, item, values));
    else if (action.k === 'remove') setPath(next, action.path, undefined);
    else {
      const current = getPath(next, action.path);
      const operand = evalOperand(action.value, item, values);
      if (
        action.k === 'add' &&
        (typeof operand === 'number' || current === undefined) &&
        !(operand instanceof Set)
      ) {
        setPath(next, action.path, (typeof current === 'number' ? current : 0) + (operand as number));
      } else if (operand instanceof Set) {
        const set = new Set(current instanceof Set ? current : []);
        for (const v of operand) {
          if (action.k === 'add') set.add(v);
          else set.delete(v);
        }
        setPath(next, action.path, set.size > 0 ? set : undefined);
      } else throw new UnsupportedExpressionError(`update: ${action.k} needs a number or a set`);
    }
  }
  return next;
}
