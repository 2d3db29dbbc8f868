// The evaluator: runs a parsed rules file against one data document with cfn-guard's status rules.
//   clause     PASS/FAIL per selected value; a missing key FAILS; a query that selects nothing SKIPS
//   or-list    any PASS passes; otherwise any FAIL fails; otherwise SKIP
//   block      any FAIL fails, otherwise any PASS passes, otherwise SKIP (with `some`: any PASS passes)
//   rule       SKIP when its `when` conditions do not PASS; otherwise the status of its body
// Failures bubble up with the clause, value path and location, and are dropped where an enclosing
// `or` or `some` passes, so a report lists only the checks that decided the FAIL.
import type { AccessClause, Block, Clause, Conjunctions, Loc, Rule, RulesFile, UnaryOp } from './ast.js';
import { equals, NotComparable } from './compare.js';
import { literalValue } from './literals.js';
import { compareValue } from './operations.js';
import { resolveQuery, type QueryResult } from './query.js';
import { RegexError } from './regex.js';
import { GuardEvalError, maxCallDepth, none, PASS, QUIET_FAIL, SKIP, type Failure, type Res, type RuleResult, type Status } from './results.js';
import { Scope } from './scope.js';
import { display, typeName, type GValue } from './values.js';

export { GuardEvalError, type Failure, type RuleResult, type Status } from './results.js';
export { literalValue } from './literals.js';
export { compareValue } from './operations.js';

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
        // As cfn-guard: the type block's `when` conditions are evaluated once, in the enclosing
        // context (not per resource); when they do not PASS the whole block is SKIP.
        if (clause.conditions) {
          const conditions = clause.conditions;
          if (this.quietly(() => this.conjunctions(conditions, scope)).s !== 'PASS') return SKIP;
        }
        const resources = this.root.kind === 'map' ? this.root.value.get('Resources') : undefined;
        if (!resources || resources.kind !== 'map') return SKIP;
        const statuses: Res[] = [];
        for (const res of resources.value.values()) {
          const type = res.kind === 'map' ? res.value.get('Type') : undefined;
          if (!type || type.kind !== 'string' || !typeMatches(clause.typeName, type.value)) continue;
          statuses.push(this.block(clause.block, scope, res));
        }
        return aggregate(statuses, true);
      }
    }
  }

  /**
   * A named rule used as a clause: cfn-guard counts anything but PASS (FAIL or SKIP) as FAIL, and `not`
   * swaps the two. A parameterized call reports the called rule's status (SKIP stays SKIP).
   */
  private namedOutcome(r: Res, negated: boolean, name: string, loc: Loc, message?: string, skipStays = false): Res {
    if (r.s === 'SKIP' && skipStays) return SKIP;
    const pass = (r.s === 'PASS') !== negated;
    if (pass) return PASS;
    if (negated) return this.fail(`not ${name}`, loc, this.root, `rule ${name} not to pass`, 'it passed', message);
    if (r.s === 'SKIP') return this.fail(name, loc, this.root, `rule ${name} to pass`, 'it was skipped (its when conditions did not pass)', message);
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
      return this.namedOutcome(res, clause.negated, clause.name, clause.loc, clause.message, true);
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
    // cfn-guard skips a comparison when either side selected nothing.
    if (rhsResults.length === 0) return SKIP;
    const out: Res[] = [];
    const verdict = (ok: boolean, v: GValue, foundText?: string): void => {
      out.push(ok !== c.negated ? PASS : this.quiet ? QUIET_FAIL : this.fail(c.text, c.loc, v, expected, foundText ?? display(v), c.message));
    };
    const rhsValues: GValue[] = [];
    for (const r of rhsResults) {
      if (r.ok) rhsValues.push(r.v);
      else out.push(this.missing(c.text, c.loc, r, `the right-hand side ${rhsText} to resolve`, c.message));
    }
    const isLiteral = (rs: QueryResult[]) => rs.length === 1 && rs[0]!.ok && rs[0]!.literal === true;
    const rhsIsLiteral = isLiteral(rhsResults);
    if ((op === 'eq' || op === 'ne') && !rhsIsLiteral && !isLiteral(lhs)) {
      // Query against query: cfn-guard compares the two selections as sets, in one verdict.
      const lhsValues: GValue[] = [];
      for (const l of lhs) {
        if (l.ok) lhsValues.push(l.v);
        else out.push(this.missing(c.text, c.loc, l, expected, c.message));
      }
      const has = (list: GValue[], x: GValue) => list.some((y) => equals(x, y));
      const diff = lhsValues.length > rhsValues.length ? lhsValues.filter((x) => !has(rhsValues, x)) : rhsValues.filter((x) => !has(lhsValues, x));
      if (lhsValues.length && rhsValues.length) {
        const negate = (op === 'ne') !== c.negated;
        // `!=`: passes when no left value is among the right values (cfn-guard's reversed difference).
        const ok = negate ? (diff.length === 0 ? false : lhsValues.every((x) => !has(rhsValues, x))) : diff.length === 0;
        const at = diff.find((x) => lhsValues.includes(x)) ?? lhsValues[0]!;
        const found = `${lhsValues.length} value(s) ${display({ kind: 'list', value: lhsValues, path: '', line: 0, column: 0 })} against ${display({ kind: 'list', value: rhsValues, path: '', line: 0, column: 0 })}`;
        out.push(ok ? PASS : this.quiet ? QUIET_FAIL : this.fail(c.text, c.loc, at, expected, found, c.message));
      }
      return aggregate(out, c.query.matchAll);
    }
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
