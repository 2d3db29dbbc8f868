// A recursive-descent parser for Guard 3.x rules files. Errors name the file, line and column and what
// was expected there: `rules.guard:4:12: expected an operator after the query 'Properties.X', found '{'`.
import type {
  AccessClause, Assignment, Block, Clause, CmpOp, Conjunctions, Query, QueryPart, Rhs, Rule, RulesFile, UnaryOp,
} from './ast.js';
import { LiteralParser } from './cursor.js';
import { GuardParseError, type Token } from './lexer.js';

export { GuardParseError } from './lexer.js';

const unaryOps = new Map<string, UnaryOp>([
  ['exists', 'exists'], ['EXISTS', 'exists'], ['empty', 'empty'], ['EMPTY', 'empty'],
  ['is_string', 'is_string'], ['is_list', 'is_list'], ['is_struct', 'is_struct'], ['is_bool', 'is_bool'],
  ['is_int', 'is_int'], ['is_float', 'is_float'], ['is_null', 'is_null'],
]);
export function parseRules(source: string, file = 'rules.guard'): RulesFile {
  return new Parser(source, file).file();
}

class Parser extends LiteralParser {
  /** Inside `when` conditions a `{` ends the conditions, so `when rule_a {` is a rule reference. */
  private inConditions = false;

  // ---- file and rules ----
  file(): RulesFile {
    const out: RulesFile = { file: this.fileName, assignments: [], rules: [], defaultClauses: [] };
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (this.isIdent(t, 'let') && this.peek(1).kind === 'ident') out.assignments.push(this.assignment());
      else if (this.isIdent(t, 'rule') && this.peek(1).kind === 'ident' && !this.isPunct(this.peek(1), '.')) out.rules.push(this.rule());
      else out.defaultClauses.push(this.disjunction());
    }
    const names = new Set<string>();
    for (const r of out.rules) {
      if (names.has(r.name)) throw new GuardParseError(this.fileName, r.loc.line, r.loc.column, `rule '${r.name}' is defined twice`);
      names.add(r.name);
    }
    return out;
  }

  private rule(): Rule {
    const start = this.next();
    const nameTok = this.next();
    const rule: Rule = { name: nameTok.text, block: { assignments: [], clauses: [] }, loc: this.loc(start) };
    if (this.isPunct(this.peek(), '(')) {
      this.next();
      rule.params = [];
      while (!this.isPunct(this.peek(), ')')) {
        const p = this.peek();
        if (p.kind !== 'ident') this.error(p, 'a parameter name');
        rule.params.push(this.next().text);
        if (this.isPunct(this.peek(), ',')) this.next();
        else if (!this.isPunct(this.peek(), ')')) this.error(this.peek(), "',' or ')'");
      }
      this.next();
    }
    if (this.isIdent(this.peek(), 'when')) {
      this.next();
      rule.conditions = this.conditions();
    }
    rule.block = this.braceBlock();
    return rule;
  }

  private assignment(): Assignment {
    const start = this.next();
    const name = this.next();
    if (this.isPunct(this.peek(), ':')) this.next();
    this.expectPunct('=', "'=' after the variable name");
    return { name: name.text, value: this.rhs(true), loc: this.loc(start) };
  }

  private braceBlock(): Block {
    const open = this.expectPunct('{', "'{' to start the block");
    const saved = this.inConditions;
    this.inConditions = false;
    this.enter(open);
    const block: Block = { assignments: [], clauses: [] };
    while (!this.isPunct(this.peek(), '}')) {
      if (this.peek().kind === 'eof') this.error(this.peek(), "'}' to close the block opened at line " + open.line);
      if (this.isIdent(this.peek(), 'let') && this.peek(1).kind === 'ident') block.assignments.push(this.assignment());
      else block.clauses.push(this.disjunction());
    }
    this.next();
    this.leave();
    this.inConditions = saved;
    return block;
  }

  /** `when` conditions: clauses up to the `{` of the block they guard. */
  private conditions(): Conjunctions {
    const out: Conjunctions = [];
    const saved = this.inConditions;
    this.inConditions = true;
    while (!this.isPunct(this.peek(), '{')) {
      if (this.peek().kind === 'eof') this.error(this.peek(), "'{' after the when conditions");
      out.push(this.disjunction());
    }
    this.inConditions = saved;
    if (out.length === 0) this.error(this.peek(), 'a condition after when');
    return out;
  }

  private isOr(t: Token): boolean {
    return this.isIdent(t, 'or', 'OR') || this.isPunct(t, '|OR|');
  }

  private disjunction(): Clause[] {
    const clauses = [this.clause()];
    while (this.isOr(this.peek())) {
      this.next();
      clauses.push(this.clause());
    }
    return clauses;
  }

  private message(): string | undefined {
    return this.peek().kind === 'message' ? this.next().value : undefined;
  }

  // ---- clauses ----
  private clause(): Clause {
    const start = this.peek();
    if (this.isIdent(start, 'when') && !this.isPunct(this.peek(1), '.') && !this.isPunct(this.peek(1), '[')) {
      this.next();
      const conditions = this.conditions();
      return { type: 'when', conditions, block: this.braceBlock(), loc: this.loc(start) };
    }
    if (start.kind === 'type') {
      this.next();
      let conditions: Conjunctions | undefined;
      if (this.isIdent(this.peek(), 'when')) {
        this.next();
        conditions = this.conditions();
      }
      return { type: 'type_block', typeName: start.text, conditions, block: this.braceBlock(), loc: this.loc(start) };
    }
    let negated = false;
    if ((this.isIdent(start, 'not', 'NOT') && this.startsQuery(this.peek(1))) || (this.isPunct(start, '!') && this.startsQuery(this.peek(1)))) {
      this.next();
      negated = true;
    }
    let matchAll = true;
    if (this.isIdent(this.peek(), 'some') && this.startsQuery(this.peek(1))) {
      this.next();
      matchAll = false;
    }
    const head = this.peek();
    if (head.kind === 'ident' && this.isPunct(this.peek(1), '(') && !this.peek(1).space) {
      this.next();
      const args = this.callArgs();
      return { type: 'rule_call', name: head.text, args, negated, message: this.message(), loc: this.loc(start) };
    }
    if (!this.startsQuery(head)) this.error(head, 'a clause (a query, a named rule, when, or a resource type block)');
    const query = this.query(matchAll);
    const t = this.peek();
    if (this.isPunct(t, '{') && !this.inConditions) {
      const block = this.braceBlock();
      return { type: 'block', query, block, notEmpty: false, message: this.message(), loc: this.loc(start) };
    }
    const op = this.operator();
    if (!op) {
      const only = query.parts.length === 1 ? query.parts[0]! : undefined;
      if (only?.type === 'key' && head.kind === 'ident' && matchAll) {
        return { type: 'rule_ref', name: only.name, negated, message: this.message(), loc: this.loc(start) };
      }
      this.error(t, `an operator (==, !=, <, <=, >, >=, IN, exists, empty, is_string, …) after the query '${query.text}'`);
    }
    const clause: AccessClause = {
      type: 'access',
      query,
      negated,
      op: op.kind === 'unary' ? op : { kind: 'binary', op: op.op, rhs: this.rhs(false) },
      loc: this.loc(start),
      text: '',
    };
    clause.text = this.textFrom(start);
    clause.message = this.message();
    return clause;
  }

  private operator(): { kind: 'binary'; op: CmpOp } | { kind: 'unary'; op: UnaryOp; negated: boolean } | undefined {
    const t = this.peek();
    if (t.kind === 'punct') {
      const map: Record<string, CmpOp> = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };
      if (map[t.text]) {
        this.next();
        return { kind: 'binary', op: map[t.text]! };
      }
    }
    if (this.isIdent(t, 'IN', 'in')) {
      this.next();
      return { kind: 'binary', op: 'in' };
    }
    if (unaryOps.has(t.text) && t.kind === 'ident') {
      this.next();
      return { kind: 'unary', op: unaryOps.get(t.text)!, negated: false };
    }
    if (this.isIdent(t, 'not', 'NOT') || this.isPunct(t, '!')) {
      const after = this.peek(1);
      if (this.isIdent(after, 'IN', 'in')) {
        this.pos += 2;
        return { kind: 'binary', op: 'not_in' };
      }
      if (after.kind === 'ident' && unaryOps.has(after.text)) {
        this.pos += 2;
        return { kind: 'unary', op: unaryOps.get(after.text)!, negated: true };
      }
    }
    return undefined;
  }

  private startsQuery(t: Token): boolean {
    return t.kind === 'ident' || t.kind === 'string' || this.isPunct(t, '%') || this.isPunct(t, '*');
  }

  private callArgs(): Rhs[] {
    const open = this.expectPunct('(');
    this.enter(open);
    const args: Rhs[] = [];
    while (!this.isPunct(this.peek(), ')')) {
      args.push(this.rhs(true));
      if (this.isPunct(this.peek(), ',')) this.next();
      else if (!this.isPunct(this.peek(), ')')) this.error(this.peek(), "',' or ')' in the argument list");
    }
    this.next();
    this.leave();
    return args;
  }

  // ---- queries ----
  query(matchAll: boolean): Query {
    const start = this.peek();
    const parts: QueryPart[] = [];
    const first = this.next();
    if (this.isPunct(first, '%')) {
      const name = this.next();
      if (name.kind !== 'ident') this.error(name, 'a variable name after %');
      parts.push({ type: 'variable', name: name.text, loc: this.loc(first) });
    } else if (this.isIdent(first, 'this')) parts.push({ type: 'this', loc: this.loc(first) });
    else if (first.kind === 'ident' || first.kind === 'string') parts.push({ type: 'key', name: first.value, loc: this.loc(first) });
    else if (this.isPunct(first, '*')) parts.push({ type: 'all', loc: this.loc(first) });
    else this.error(first, 'a query');
    for (;;) {
      const t = this.peek();
      if (t.space) break;
      if (this.isPunct(t, '.')) {
        this.next();
        const p = this.next();
        if (p.kind === 'ident' || p.kind === 'string') parts.push({ type: 'key', name: p.value, loc: this.loc(p) });
        else if (p.kind === 'type') parts.push({ type: 'key', name: p.text, loc: this.loc(p) });
        else if (this.isPunct(p, '*')) parts.push({ type: 'all', loc: this.loc(p) });
        else if (p.kind === 'int') parts.push({ type: 'index', index: Number(p.text), loc: this.loc(p) });
        else if (this.isPunct(p, '%')) {
          const name = this.next();
          if (name.kind !== 'ident') this.error(name, 'a variable name after %');
          parts.push({ type: 'interpolate', name: name.text, loc: this.loc(p) });
        } else this.error(p, "a key, '*' or %variable after '.'");
        continue;
      }
      if (this.isPunct(t, '[')) {
        parts.push(this.bracket());
        continue;
      }
      break;
    }
    return { parts, matchAll, loc: this.loc(start), text: this.textFrom(start) };
  }

  private bracket(): QueryPart {
    const open = this.next();
    const loc = this.loc(open);
    const a = this.peek();
    const b = this.peek(1);
    if (this.isPunct(a, '*') && this.isPunct(b, ']')) {
      this.pos += 2;
      return { type: 'all', bracket: true, loc };
    }
    if (a.kind === 'int' && this.isPunct(b, ']')) {
      this.pos += 2;
      return { type: 'index', index: Number(a.text), loc };
    }
    if (a.kind === 'ident' && this.isPunct(b, ']')) {
      this.pos += 2;
      return { type: 'all', bracket: true, capture: a.text, loc };
    }
    this.enter(open);
    let capture: string | undefined;
    if (a.kind === 'ident' && this.isPunct(b, '|')) {
      capture = a.text;
      this.pos += 2;
    }
    if (this.isIdent(this.peek(), 'keys')) {
      const save = this.pos;
      this.next();
      const op = this.operator();
      if (op && op.kind === 'binary') {
        const rhs = this.rhs(false);
        this.expectPunct(']', "']' to close the keys filter");
        this.leave();
        return { type: 'keys', op: op.op, negated: false, rhs, loc };
      }
      this.pos = save;
    }
    const clauses: Conjunctions = [];
    const saved = this.inConditions;
    this.inConditions = false;
    while (!this.isPunct(this.peek(), ']')) {
      if (this.peek().kind === 'eof') this.error(this.peek(), `']' to close the filter opened at line ${open.line}`);
      clauses.push(this.disjunction());
    }
    this.inConditions = saved;
    this.next();
    this.leave();
    if (clauses.length === 0) this.error(open, 'a filter clause, *, or an index inside [ ]');
    return { type: 'filter', capture, clauses, loc };
  }

  // ---- values ----
  private rhs(allowSome: boolean): Rhs {
    const t = this.peek();
    if (allowSome && this.isIdent(t, 'some') && this.startsQuery(this.peek(1))) {
      this.next();
      return { type: 'query', query: this.query(false) };
    }
    const lit = this.tryLiteral();
    if (lit) return { type: 'literal', value: lit };
    if (t.kind === 'ident' && this.isPunct(this.peek(1), '(') && !this.peek(1).space) {
      this.next();
      return { type: 'call', name: t.text, args: this.callArgs(), loc: this.loc(t) };
    }
    if (this.startsQuery(t)) return { type: 'query', query: this.query(true) };
    this.error(t, 'a value (string, number, boolean, null, /regex/, range, list, map) or a query');
  }

}
