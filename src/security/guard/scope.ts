// Variable scopes: file, rule and block. A variable is evaluated lazily in the scope that defines it
// (against that scope's `this`) and cached there, so each query runs once per scope instance.
import type { Conjunctions, Loc, Rhs, RulesFile } from './ast.js';
import { callFunction, FunctionError } from './functions.js';
import { literalResults } from './literals.js';
import { isPure, sharedQuery, simpleFilter } from './operations.js';
import { resolveQuery, type QueryHost, type QueryResult } from './query.js';
import { RegexError } from './regex.js';
import { GuardEvalError, type Res } from './results.js';
import type { GValue } from './values.js';

/** What a scope needs from the evaluator that owns it. */
export interface ScopeOwner {
  readonly file: RulesFile;
  readonly root: GValue;
  conjunctions(conj: Conjunctions, scope: Scope): Res;
  quietly(f: () => Res): Res;
}

export class Scope implements QueryHost {
  private values = new Map<string, QueryResult[]>();
  constructor(
    readonly ev: ScopeOwner,
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
