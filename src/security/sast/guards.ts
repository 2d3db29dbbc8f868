// Reads `if` conditions that validate a value: allow-list membership, regex tests, validator calls,
// equality with a constant, and a path prefix check after `path.resolve`. The interpreter treats the
// named expressions as clean inside the branch where the check passed (or after an early return).
import { ALL_KINDS, Kind } from './model.js';
import { dottedPath, propertyName, stringValue, unwrap, type Node } from './ast.js';

/** Expression keys (dotted paths) → kinds they are safe for, when a condition is true or false. */
export interface GuardFacts {
  whenTrue: Map<string, number>;
  whenFalse: Map<string, number>;
}

const validatorName = /^(is[A-Z0-9_]|isValid|validate|check|allowed|isAllowed|matches)/;

function add(map: Map<string, number>, node: Node | undefined, kinds: number): void {
  if (!node) return;
  const key = dottedPath(node);
  if (!key) return;
  map.set(key, (map.get(key) ?? 0) | kinds);
  // Checking `url.hostname` (or `.host`, `.origin`) vouches for the URL object it came from.
  const parts = key.split('.');
  const last = parts[parts.length - 1];
  if (parts.length > 1 && (last === 'hostname' || last === 'host' || last === 'origin')) {
    const owner = parts.slice(0, -1).join('.');
    map.set(owner, (map.get(owner) ?? 0) | Kind.SSRF | Kind.REDIRECT);
  }
}

function merge(into: Map<string, number>, from: Map<string, number>): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) | v);
}

function intersect(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of a) if (b.has(k)) out.set(k, v & b.get(k)!);
  return out;
}

export function guardFacts(test: Node): GuardFacts {
  const facts: GuardFacts = { whenTrue: new Map(), whenFalse: new Map() };
  const n = unwrap(test);
  if (n.type === 'UnaryExpression' && n.operator === '!') {
    const inner = guardFacts(n.argument);
    return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
  }
  if (n.type === 'LogicalExpression') {
    const l = guardFacts(n.left), r = guardFacts(n.right);
    if (n.operator === '&&') {
      merge(facts.whenTrue, l.whenTrue); merge(facts.whenTrue, r.whenTrue);
      facts.whenFalse = intersect(l.whenFalse, r.whenFalse);
    } else if (n.operator === '||') {
      merge(facts.whenFalse, l.whenFalse); merge(facts.whenFalse, r.whenFalse);
      facts.whenTrue = intersect(l.whenTrue, r.whenTrue);
    }
    return facts;
  }
  if (n.type === 'BinaryExpression') {
    const { left, right, operator } = n;
    const l = unwrap(left), r = unwrap(right);
    const constant = (x: Node) => x.type === 'Literal' || (x.type === 'Identifier' && /^[A-Z][A-Z0-9_]*$/.test(x.name));
    if (operator === '===' || operator === '==') {
      if (constant(r)) add(facts.whenTrue, l, ALL_KINDS);
      else if (constant(l)) add(facts.whenTrue, r, ALL_KINDS);
      // `allowed.indexOf(x) === -1` is the negative of membership.
      const indexHit = indexOfCheck(l, r) ?? indexOfCheck(r, l);
      if (indexHit) add(facts.whenFalse, indexHit, ALL_KINDS);
    } else if (operator === '!==' || operator === '!=') {
      if (constant(r)) add(facts.whenFalse, l, ALL_KINDS);
      else if (constant(l)) add(facts.whenFalse, r, ALL_KINDS);
      const indexHit = indexOfCheck(l, r) ?? indexOfCheck(r, l);
      if (indexHit) add(facts.whenTrue, indexHit, ALL_KINDS);
    } else if ((operator === '>=' || operator === '>') && l.type === 'CallExpression') {
      // allowed.indexOf(x) >= 0 / > -1
      const target = membershipTarget(l, 'indexOf');
      if (target) add(facts.whenTrue, target, ALL_KINDS);
    } else if (operator === '<' && l.type === 'CallExpression' && r.type === 'Literal' && r.value === 0) {
      // allowed.indexOf(x) < 0
      const target = membershipTarget(l, 'indexOf');
      if (target) add(facts.whenFalse, target, ALL_KINDS);
    }
    return facts;
  }
  if (n.type === 'CallExpression') {
    const callee = unwrap(n.callee);
    const method = callee.type === 'MemberExpression' ? propertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
    const arg = n.arguments[0] as Node | undefined;
    if (!method) return facts;
    if (callee.type === 'MemberExpression' && (method === 'includes' || method === 'has')) {
      const receiver = unwrap(callee.object);
      // `input.includes('..')` rejects traversal when it is false; `ALLOWED.includes(input)` is membership.
      const needle = stringValue(arg);
      if (needle !== undefined) {
        if (needle === '..' || needle === '../' || needle === '/') add(facts.whenFalse, receiver, Kind.PATH | Kind.MODULE);
      } else add(facts.whenTrue, arg, ALL_KINDS);
    } else if (callee.type === 'MemberExpression' && method === 'test') {
      add(facts.whenTrue, arg, ALL_KINDS);
    } else if (callee.type === 'MemberExpression' && method === 'startsWith') {
      // A prefix check on a resolved path (or a URL) keeps the value inside a known place.
      add(facts.whenTrue, callee.object, Kind.PATH | Kind.MODULE | Kind.REDIRECT | Kind.SSRF);
    } else if (callee.type === 'MemberExpression' && method === 'match') {
      add(facts.whenTrue, callee.object, ALL_KINDS);
    } else if (validatorName.test(method) && arg) {
      add(facts.whenTrue, arg, ALL_KINDS);
    }
  }
  return facts;
}

function membershipTarget(call: Node, method: string): Node | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression' && propertyName(callee) === method) return call.arguments[0];
  return undefined;
}

function indexOfCheck(a: Node, b: Node): Node | undefined {
  if (a.type !== 'CallExpression') return undefined;
  const minusOne = (b.type === 'UnaryExpression' && b.operator === '-' && b.argument.value === 1) || (b.type === 'Literal' && b.value === -1);
  return minusOne ? membershipTarget(a, 'indexOf') : undefined;
}

/** True when a statement always leaves the function or loop (`return`, `throw`, `continue`, `break`). */
export function alwaysExits(stmt: Node | null | undefined): boolean {
  if (!stmt) return false;
  switch (stmt.type) {
    case 'ReturnStatement': case 'ThrowStatement': case 'ContinueStatement': case 'BreakStatement': return true;
    case 'BlockStatement': return stmt.body.length > 0 && alwaysExits(stmt.body[stmt.body.length - 1]);
    case 'IfStatement': return alwaysExits(stmt.consequent) && alwaysExits(stmt.alternate);
    case 'ExpressionStatement': {
      const e = unwrap(stmt.expression);
      return e.type === 'CallExpression' && dottedPath(e.callee) === 'process.exit';
    }
    default: return false;
  }
}
