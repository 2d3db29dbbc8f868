// The evaluator: runs a parsed rules file against one data document with cfn-guard's status rules.
//   clause     PASS/FAIL per selected value; a missing key FAILS; a query that selects nothing SKIPS
//   or-list    any PASS passes; otherwise any FAIL fails; otherwise SKIP
//   block      any FAIL fails, otherwise any PASS passes, otherwise SKIP (with `some`: any PASS passes)
//   rule       SKIP when its `when` conditions do not PASS; otherwise the status of its body
// Failures bubble up with the clause, value path and location, and are dropped where an enclosing
// `or` or `some` passes, so a report lists only the checks that decided the FAIL.
import type { AccessClause, Block, Clause, Conjunctions, Literal, Loc, Query, Rhs, Rule, RulesFile, UnaryOp } from './ast.js';
import { equals, inRange, isIn, NotComparable, order } from './compare.js';
import { callFunction, FunctionError } from './functions.js';
import { resolveQuery, type QueryHost, type QueryResult } from './query.js';
import { RegexError } from './regex.js';
import { display, typeName, type GValue } from './values.js';

export type Status = 'PASS' | 'FAIL' | 'SKIP';

export interface Failure {
  rule: string;
  /** The clause as written, e.g. `Properties.BucketEncryption exists`. */
  clause: string;
  /** Where the clause is in the rules file. */
  clauseLine: number;
  clauseColumn: number;
  /** Path of the value in the data (`/Resources/Bucket/Properties/BucketEncryption`). */
  path: string;
  /** Where the value (or, when missing, its nearest parent) is in the data file; 0 when unknown. */
  line: number;
  column: number;
  expected: string;
  found: string;
  message?: string;
}

export interface RuleResult {
  name: string;
  status: Status;
  failures: Failure[];
}

export class GuardEvalError extends Error {
  constructor(
    readonly file: string,
    readonly loc: Loc,
    readonly reason: string,
  ) {
    super(`${file}:${loc.line}:${loc.column}: ${reason}`);
  }
}

interface Res {
  s: Status;
  f: Failure[];
}
const none: Failure[] = [];
const PASS: Res = { s: 'PASS', f: none };
const SKIP: Res = { s: 'SKIP', f: none };
const QUIET_FAIL: Res = { s: 'FAIL', f: none };
const maxCallDepth = 64;

class Scope implements QueryHost {
  private values = new Map<string, QueryResult[]>();
  constructor(
    readonly ev: Evaluator,
    readonly self: GValue,
    readonly parent: Scope | undefined,
    private defs: Map<string, Rhs> = new Map(),
  ) {}

  bind(name: string, results: QueryResult[]): void {
    this.values.set(name, results);
  }

  variable(name: string, loc: Loc): QueryResult[] {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const cached = s.values.get(name);
      if (cached) return cached;
      const def = s.defs.get(name);
      if (def) {
        s.values.set(name, []); // a self-referencing variable reads as empty rather than looping
        const results = s.rhsValues(def);
        s.values.set(name, results);
        return results;
      }
    }
    throw new GuardEvalError(this.ev.file.file, loc, `unknown variable %${name}`);
  }

  filterPasses(clauses: Conjunctions, value: GValue, capture: string | undefined, key: GValue): boolean {
    const simple = capture ? undefined : simpleFilter(clauses);
    if (simple) return simple(value);
    const scope = new Scope(this.ev, value, this);
    if (capture) scope.bind(capture, [{ ok: true, v: key }]);
    return this.ev.quietly(() => this.ev.conjunctions(clauses, scope)).s === 'PASS';
  }

  rhsValues(rhs: Rhs): QueryResult[] {
    if (rhs.type === 'literal') return literalResults(rhs.value);
    if (rhs.type === 'query') {
      // `let x = some …` keeps only the values that resolved (cfn-guard's way to select a subset).
      const results = this.self === this.ev.root && isPure(rhs.query) ? sharedQuery(this.ev.root, rhs.query, this) : resolveQuery(rhs.query, this);
      return rhs.query.matchAll ? results : results.filter((r) => r.ok);
    }
    const args = rhs.args.map((a) => this.rhsValues(a).flatMap((r) => (r.ok ? [r.v] : [])));
    try {
      return callFunction(rhs.name, args).map((v) => ({ ok: true as const, v }));
    } catch (error) {
      if (error instanceof FunctionError || error instanceof RegexError) throw new GuardEvalError(this.ev.file.file, rhs.loc, error.message);
      throw error;
    }
  }
}

const literalResultCache = new WeakMap<Literal, QueryResult[]>();
function literalResults(lit: Literal): QueryResult[] {
  let r = literalResultCache.get(lit);
  if (!r) literalResultCache.set(lit, (r = [{ ok: true, v: literalValue(lit) }]));
  return r;
}

const literalCache = new WeakMap<Literal, GValue>();
export function literalValue(lit: Literal): GValue {
  let v = literalCache.get(lit);
  if (v) return v;
  const base = { path: '', line: 0, column: 0 };
  switch (lit.type) {
    case 'list':
      v = { ...base, kind: 'list', value: lit.items.map(literalValue) };
      break;
    case 'map':
      v = { ...base, kind: 'map', value: new Map(lit.entries.map(([k, x]) => [k, literalValue(x)])) };
      break;
    case 'range':
      v = { ...base, kind: 'range', value: { kind: lit.kind, lower: lit.lower, upper: lit.upper, lowerInclusive: lit.lowerInclusive, upperInclusive: lit.upperInclusive } };
      break;
    case 'null':
      v = { ...base, kind: 'null', value: null };
      break;
    default:
      v = { ...base, kind: lit.type, value: lit.value } as GValue;
  }
  literalCache.set(lit, v);
  return v;
}

const opText: Record<string, string> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', in: 'IN', not_in: 'NOT IN' };

export class Evaluator {
  private ruleResults = new Map<string, Res>();
  private active = new Set<string>();
  private rules = new Map<string, Rule>();
  private fileScope: Scope;
  private ruleName = 'default';
  private callDepth = 0;
  /** > 0 while evaluating filters and `when` conditions: only the status matters, no failure records. */
  private quiet = 0;

  constructor(
    readonly file: RulesFile,
    readonly root: GValue,
  ) {
    for (const r of file.rules) this.rules.set(r.name, r);
    this.fileScope = new Scope(this, root, undefined, new Map(file.assignments.map((a) => [a.name, a.value])));
  }

  /** Evaluates every named rule (parameterized rules only run when called) and `default`. */
  run(): RuleResult[] {
    const out: RuleResult[] = [];
    for (const rule of this.file.rules) {
      if (rule.params) continue;
      const r = this.rule(rule);
      out.push({ name: rule.name, status: r.s, failures: r.f });
    }
    if (this.file.defaultClauses.length) {
      this.ruleName = 'default';
      const r = this.conjunctions(this.file.defaultClauses, this.fileScope);
      out.push({ name: 'default', status: r.s, failures: r.f });
    }
    return out;
  }

  private rule(rule: Rule): Res {
    const done = this.ruleResults.get(rule.name);
    if (done) return done;
    if (this.active.has(rule.name)) throw new GuardEvalError(this.file.file, rule.loc, `rule '${rule.name}' depends on itself`);
    this.active.add(rule.name);
    const saved = this.ruleName;
    const savedQuiet = this.quiet;
    this.ruleName = rule.name;
    // A rule first reached from a `when` condition is still evaluated with its failure records: the
    // result is cached and reported for the rule itself too.
    this.quiet = 0;
    try {
      const scope = new Scope(this, this.root, this.fileScope, new Map(rule.block.assignments.map((a) => [a.name, a.value])));
      let res: Res;
      if (rule.conditions && this.quietly(() => this.conjunctions(rule.conditions!, scope)).s !== 'PASS') res = SKIP;
      else res = this.conjunctions(rule.block.clauses, scope);
      this.ruleResults.set(rule.name, res);
      return res;
    } finally {
      this.ruleName = saved;
      this.quiet = savedQuiet;
      this.active.delete(rule.name);
    }
  }

  quietly(f: () => Res): Res {
    this.quiet++;
    try {
      return f();
    } finally {
      this.quiet--;
    }
  }

  conjunctions(conj: Conjunctions, scope: Scope): Res {
    let anyPass = false;
    let anyFail = false;
    let failures: Failure[] = none;
    for (const disjunction of conj) {
      let status: Status = 'SKIP';
      let dFailures: Failure[] = none;
      for (const clause of disjunction) {
        const r = this.clause(clause, scope);
        if (r.s === 'PASS') {
          status = 'PASS';
          break;
        }
        if (r.s === 'FAIL') {
          status = 'FAIL';
          if (r.f.length) dFailures = dFailures === none ? [...r.f] : dFailures.concat(r.f);
        }
      }
      if (status === 'PASS') anyPass = true;
      else if (status === 'FAIL') {
        anyFail = true;
        if (dFailures.length) failures = failures === none ? dFailures : failures.concat(dFailures);
      }
    }
    return anyFail ? { s: 'FAIL', f: failures } : anyPass ? PASS : SKIP;
  }

  private block(block: Block, scope: Scope, self: GValue): Res {
    const inner = new Scope(this, self, scope, new Map(block.assignments.map((a) => [a.name, a.value])));
    return this.conjunctions(block.clauses, inner);
  }

  private clause(clause: Clause, scope: Scope): Res {
    switch (clause.type) {
      case 'access':
        return this.access(clause, scope);
      case 'rule_ref': {
        const rule = this.rules.get(clause.name);
        if (!rule) throw new GuardEvalError(this.file.file, clause.loc, `unknown rule '${clause.name}'`);
        if (rule.params) throw new GuardEvalError(this.file.file, clause.loc, `rule '${clause.name}' takes ${rule.params.length} parameters; call it as ${clause.name}(…)`);
        const r = this.rule(rule);
        return this.namedOutcome(r, clause.negated, clause.name, clause.loc, clause.message);
      }
      case 'rule_call':
        return this.call(clause, scope);
      case 'when':
        return this.quietly(() => this.conjunctions(clause.conditions, scope)).s === 'PASS' ? this.block(clause.block, scope, scope.self) : SKIP;
      case 'block': {
        const values = resolveQuery(clause.query, scope);
        if (values.length === 0) return clause.notEmpty ? this.fail(clause.query.text, clause.loc, scope.self, 'at least one value', 'none', clause.message) : SKIP;
        const statuses: Res[] = values.map((r) =>
          r.ok ? this.block(clause.block, scope, r.v) : this.missing(clause.query.text, clause.loc, r, 'a value to run the block on', clause.message),
        );
        return aggregate(statuses, clause.query.matchAll);
      }
      case 'type_block': {
        const resources = this.root.kind === 'map' ? this.root.value.get('Resources') : undefined;
        if (!resources || resources.kind !== 'map') return SKIP;
        const statuses: Res[] = [];
        for (const res of resources.value.values()) {
          const type = res.kind === 'map' ? res.value.get('Type') : undefined;
          if (!type || type.kind !== 'string' || !typeMatches(clause.typeName, type.value)) continue;
          if (clause.conditions) {
            const conditions = clause.conditions;
            const cond = this.quietly(() => this.conjunctions(conditions, new Scope(this, res, scope)));
            if (cond.s !== 'PASS') {
              statuses.push(SKIP);
              continue;
            }
          }
          statuses.push(this.block(clause.block, scope, res));
        }
        return aggregate(statuses, true);
      }
    }
  }

  private namedOutcome(r: Res, negated: boolean, name: string, loc: Loc, message?: string): Res {
    if (r.s === 'SKIP') return SKIP;
    const pass = (r.s === 'PASS') !== negated;
    if (pass) return PASS;
    if (negated) return this.fail(`not ${name}`, loc, this.root, `rule ${name} not to pass`, 'it passed', message);
    const f = message ? r.f.map((x) => ({ ...x, message: x.message ? `${x.message}; ${message}` : message })) : r.f;
    return { s: 'FAIL', f: f.length ? f : this.fail(name, loc, this.root, `rule ${name} to pass`, 'it failed', message).f };
  }

  private call(clause: Extract<Clause, { type: 'rule_call' }>, scope: Scope): Res {
    const rule = this.rules.get(clause.name);
    if (!rule || !rule.params) throw new GuardEvalError(this.file.file, clause.loc, `unknown parameterized rule '${clause.name}'`);
    if (rule.params.length !== clause.args.length) {
      throw new GuardEvalError(this.file.file, clause.loc, `rule '${clause.name}' takes ${rule.params.length} arguments, got ${clause.args.length}`);
    }
    if (++this.callDepth > maxCallDepth) throw new GuardEvalError(this.file.file, clause.loc, `parameterized rules nest deeper than ${maxCallDepth} calls`);
    try {
      const inner = new Scope(this, scope.self, this.fileScope, new Map(rule.block.assignments.map((a) => [a.name, a.value])));
      rule.params.forEach((p, i) => inner.bind(p, scope.rhsValues(clause.args[i]!)));
      let res: Res;
      if (rule.conditions && this.quietly(() => this.conjunctions(rule.conditions!, inner)).s !== 'PASS') res = SKIP;
      else res = this.conjunctions(rule.block.clauses, inner);
      return this.namedOutcome(res, clause.negated, clause.name, clause.loc, clause.message);
    } finally {
      this.callDepth--;
    }
  }

  private fail(clause: string, loc: Loc, at: GValue, expected: string, found: string, message?: string, path = at.path): Res {
    if (this.quiet) return QUIET_FAIL;
    return {
      s: 'FAIL',
      f: [{ rule: this.ruleName, clause, clauseLine: loc.line, clauseColumn: loc.column, path, line: at.line, column: at.column, expected, found, message }],
    };
  }

  private missing(clause: string, loc: Loc, r: Extract<QueryResult, { ok: false }>, expected: string, message?: string): Res {
    return this.fail(clause, loc, r.at, expected, `missing: ${r.reason}`, message, r.path);
  }

  private access(c: AccessClause, scope: Scope): Res {
    const lhs = resolveQuery(c.query, scope);
    if (c.op.kind === 'unary') return this.unary(c, c.op.op, c.op.negated, lhs);
    if (lhs.length === 0) return SKIP; // the query (through a filter) selected nothing
    const op = c.op.op;
    const rhsResults = scope.rhsValues(c.op.rhs);
    // Message texts are only built when a failure is recorded (filters and conditions run quietly).
    const rhsText = this.quiet ? '' : c.op.rhs.type === 'literal' ? display(literalValue(c.op.rhs.value)) : c.op.rhs.type === 'query' ? c.op.rhs.query.text : c.op.rhs.name + '(…)';
    const expected = this.quiet ? '' : `${c.negated ? 'not ' : ''}${opText[op]} ${rhsText}`;
    if (rhsResults.length === 0) {
      return this.fail(c.text, c.loc, scope.self, expected, `the right-hand side ${rhsText} resolved to no values`, c.message);
    }
    const out: Res[] = [];
    const verdict = (ok: boolean, v: GValue, foundText?: string): void => {
      out.push(ok !== c.negated ? PASS : this.quiet ? QUIET_FAIL : this.fail(c.text, c.loc, v, expected, foundText ?? display(v), c.message));
    };
    const rhsValues: GValue[] = [];
    for (const r of rhsResults) {
      if (r.ok) rhsValues.push(r.v);
      else out.push(this.missing(c.text, c.loc, r, `the right-hand side ${rhsText} to resolve`, c.message));
    }
    const rhsIsLiteral = c.op.rhs.type === 'literal';
    for (const l of lhs) {
      if (!l.ok) {
        out.push(this.missing(c.text, c.loc, l, expected, c.message));
        continue;
      }
      try {
        for (const [ok, v] of compareValue(op, l.v, rhsValues, rhsIsLiteral)) verdict(ok, v);
      } catch (error) {
        if (!(error instanceof NotComparable)) throw wrapRegex(error, this.file.file, c.loc);
        const v = l.v;
        out.push(this.fail(c.text, c.loc, v, expected, `${display(v)} (${typeName(v)}, not comparable: ${error.message})`, c.message));
      }
    }
    return aggregate(out, c.query.matchAll);
  }

  private unary(c: AccessClause, op: UnaryOp, opNegated: boolean, lhs: QueryResult[]): Res {
    const invert = opNegated !== c.negated;
    const name = `${c.negated ? 'not ' : ''}${opNegated ? 'not ' : ''}${op}`;
    const last = c.query.parts[c.query.parts.length - 1]!;
    const onExpression = last.type === 'filter' || last.type === 'keys' || (last.type === 'variable' && c.query.parts.length === 1);
    if (op === 'empty' && onExpression) {
      // `%x empty` / `Resources.*[ … ] !empty`: is the selection empty? (cfn-guard: !EXISTS == EMPTY)
      const selected = lhs.filter((r) => r.ok && r.v.kind !== 'null' && !(r.v.kind === 'list' && r.v.value.length === 0 && c.query.parts.length === 1));
      const isEmpty = selected.length === 0;
      if (isEmpty !== invert) return PASS;
      const at = lhs.find((r) => r.ok) as { v: GValue } | undefined;
      return this.fail(c.text, c.loc, at?.v ?? this.root, name, isEmpty ? 'no values were selected' : `${selected.length} value(s) selected, first ${display((selected[0] as { v: GValue }).v)}`, c.message);
    }
    if (lhs.length === 0) return SKIP;
    const out: Res[] = [];
    for (const r of lhs) {
      let result: boolean;
      if (!r.ok) result = op === 'empty';
      else {
        const v = r.v;
        switch (op) {
          case 'exists': result = true; break;
          case 'empty':
            if (v.kind === 'list') result = v.value.length === 0;
            else if (v.kind === 'map') result = v.value.size === 0;
            else if (v.kind === 'string') result = v.value.length === 0;
            else if (v.kind === 'null') result = true;
            else {
              out.push(this.fail(c.text, c.loc, v, name, `${display(v)}: a ${typeName(v)} cannot be empty or not empty`, c.message));
              continue;
            }
            break;
          case 'is_string': result = v.kind === 'string'; break;
          case 'is_list': result = v.kind === 'list'; break;
          case 'is_struct': result = v.kind === 'map'; break;
          case 'is_bool': result = v.kind === 'bool'; break;
          case 'is_int': result = v.kind === 'int'; break;
          case 'is_float': result = v.kind === 'float'; break;
          case 'is_null': result = v.kind === 'null'; break;
        }
      }
      if (result !== invert) out.push(PASS);
      else if (!r.ok) out.push(this.missing(c.text, c.loc, r, name, c.message));
      else out.push(this.fail(c.text, c.loc, r.v, name, `${display(r.v)} (${typeName(r.v)})`, c.message));
    }
    return aggregate(out, c.query.matchAll);
  }
}

/**
 * Compares one left-hand value with the right-hand values: one [result, value] per comparison made.
 * A list compared with a single value is compared element by element (cfn-guard's fallback); `IN`
 * pools all right-hand values into one list. Throws NotComparable for ordering across types.
 */
export function compareValue(op: string, v: GValue, rhsValues: GValue[], rhsIsLiteral: boolean): Array<[boolean, GValue]> {
  if (op === 'in' || op === 'not_in') {
    const pool: GValue[] = [];
    for (const r of rhsValues) if (r.kind === 'list') pool.push(...r.value);
    else pool.push(r);
    const list: GValue = { kind: 'list', value: pool, path: '', line: 0, column: 0 };
    let member = isIn(v, list);
    // A list on the left is IN when each of its elements is (cfn-guard compares element-wise).
    if (!member && v.kind === 'list' && v.value.length) member = v.value.every((x) => isIn(x, list));
    return [[op === 'in' ? member : !member, v]];
  }
  const out: Array<[boolean, GValue]> = [];
  for (const r of rhsValues) {
    const rr = rhsIsLiteral && r.kind === 'list' && r.value.length === 1 && v.kind !== 'list' ? r.value[0]! : r;
    if (v.kind === 'list' && rr.kind !== 'list' && rr.kind !== 'range') {
      if (v.value.length === 0) out.push([compareOne(op, v, rr), v]);
      for (const x of v.value) out.push([compareOne(op, x, rr), x]);
    } else out.push([compareOne(op, v, rr), v]);
  }
  return out;
}

/**
 * Queries from the document root made only of keys, wildcards, indexes and compiled filters depend on
 * nothing but the document, so their results are shared by every rules file evaluated against it
 * (a pack repeats `Resources.*[ Type == 'AWS::S3::Bucket' ]` in many files).
 */
const pureQueries = new WeakMap<Query, boolean>();
function isPure(q: Query): boolean {
  let p = pureQueries.get(q);
  if (p === undefined) {
    p = q.parts.every((part) => part.type === 'key' || part.type === 'index' || (part.type === 'all' && !part.capture) || (part.type === 'filter' && !part.capture && !!simpleFilter(part.clauses)));
    pureQueries.set(q, p);
  }
  return p;
}
const sharedResults = new WeakMap<GValue, Map<string, QueryResult[]>>();
function sharedQuery(root: GValue, q: Query, host: QueryHost): QueryResult[] {
  let m = sharedResults.get(root);
  if (!m) sharedResults.set(root, (m = new Map()));
  let r = m.get(q.text);
  if (!r) m.set(q.text, (r = resolveQuery(q, host)));
  return r;
}

type Predicate = (v: GValue) => boolean;
const simpleFilters = new WeakMap<Conjunctions, Predicate | null>();

/**
 * Filters like `[ Type == 'AWS::S3::Bucket' ]` run once per resource per rule, so clauses of the form
 * `Key <op> literal` (ANDed, no `or`, no negation) are compiled to a direct check. It gives the same
 * answer as the general path: a missing key or a non-struct value does not pass.
 */
function simpleFilter(conj: Conjunctions): Predicate | undefined {
  let p = simpleFilters.get(conj);
  if (p === undefined) {
    const checks: Array<{ key: string; op: string; rhs: GValue[] }> = [];
    for (const d of conj) {
      const c = d.length === 1 ? d[0]! : undefined;
      if (!c || c.type !== 'access' || c.negated || c.op.kind !== 'binary' || c.op.rhs.type !== 'literal' || !c.query.matchAll) break;
      const part = c.query.parts.length === 1 ? c.query.parts[0]! : undefined;
      if (!part || part.type !== 'key' || c.op.rhs.value.type === 'regex' || c.op.rhs.value.type === 'map') break;
      checks.push({ key: part.name, op: c.op.op, rhs: [literalValue(c.op.rhs.value)] });
    }
    p =
      checks.length === conj.length && checks.length > 0
        ? (v: GValue) => {
            if (v.kind !== 'map') return false;
            for (const ch of checks) {
              const x = v.value.get(ch.key);
              if (!x) return false;
              try {
                for (const [ok] of compareValue(ch.op, x, ch.rhs, true)) if (!ok) return false;
              } catch {
                return false;
              }
            }
            return true;
          }
        : null;
    simpleFilters.set(conj, p);
  }
  return p ?? undefined;
}

function compareOne(op: string, a: GValue, b: GValue): boolean {
  switch (op) {
    case 'eq':
      return b.kind === 'range' ? inRange(a, b.value) : equals(a, b);
    case 'ne':
      return b.kind === 'range' ? !inRange(a, b.value) : !equals(a, b);
    case 'lt':
      return order(a, b) < 0;
    case 'le':
      return order(a, b) <= 0;
    case 'gt':
      return order(a, b) > 0;
    default:
      return order(a, b) >= 0;
  }
}

function wrapRegex(error: unknown, file: string, loc: Loc): unknown {
  return error instanceof RegexError ? new GuardEvalError(file, loc, error.message) : error;
}

/** `AWS::S3::Bucket` or with a wildcard segment, `AWS::S3::*`. */
function typeMatches(pattern: string, type: string): boolean {
  if (!pattern.includes('*')) return pattern === type;
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(type);
}

function aggregate(results: Res[], matchAll: boolean): Res {
  let pass = false;
  let fail = false;
  let failures: Failure[] = none;
  for (const r of results) {
    if (r.s === 'PASS') pass = true;
    else if (r.s === 'FAIL') {
      fail = true;
      if (r.f.length) failures = failures === none ? [...r.f] : failures.concat(r.f);
    }
  }
  if (matchAll) return fail ? { s: 'FAIL', f: failures } : pass ? PASS : SKIP;
  return pass ? PASS : fail ? { s: 'FAIL', f: failures } : SKIP;
}

/** Evaluates all rules of one file against one document. */
export function evaluateRules(file: RulesFile, data: GValue): RuleResult[] {
  return new Evaluator(file, data).run();
}
