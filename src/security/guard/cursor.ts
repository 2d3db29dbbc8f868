// Token cursor shared by the Guard parser classes: lookahead, expectations and the error format
// `file:line:col: expected …, found …`, and the nesting bound.
import type { Literal, Loc } from './ast.js';
import { GuardParseError, tokenize, type Token } from './lexer.js';

const maxDepth = 64;

export class TokenCursor {
  protected tokens: Token[];
  protected pos = 0;
  protected depth = 0;

  constructor(
    protected source: string,
    protected fileName: string,
  ) {
    this.tokens = tokenize(source, fileName);
  }

  // ---- token helpers ----
  protected peek(k = 0): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)]!;
  }
  protected next(): Token {
    return this.tokens[this.pos++]!;
  }
  protected isPunct(t: Token, p: string): boolean {
    return t.kind === 'punct' && t.text === p;
  }
  protected isIdent(t: Token, ...words: string[]): boolean {
    return t.kind === 'ident' && (words.length === 0 || words.includes(t.text));
  }
  protected loc(t: Token): Loc {
    return { line: t.line, column: t.column };
  }
  protected describe(t: Token): string {
    return t.kind === 'eof' ? 'end of file' : `'${t.text.length > 30 ? t.text.slice(0, 30) + '…' : t.text}'`;
  }
  protected error(t: Token, expected: string): never {
    throw new GuardParseError(this.fileName, t.line, t.column, `expected ${expected}, found ${this.describe(t)}`);
  }
  protected expectPunct(p: string, what = `'${p}'`): Token {
    const t = this.peek();
    if (!this.isPunct(t, p)) this.error(t, what);
    return this.next();
  }
  protected enter(t: Token): void {
    if (++this.depth > maxDepth) throw new GuardParseError(this.fileName, t.line, t.column, `nesting deeper than ${maxDepth} levels`);
  }
  protected leave(): void {
    this.depth--;
  }
  protected textFrom(start: Token): string {
    const last = this.tokens[this.pos - 1]!;
    return this.source.slice(start.offset, last.end).replace(/\s+/g, ' ');
  }

}

/** Literal values: strings, numbers, booleans, null, regexes, ranges, lists and maps. */
export class LiteralParser extends TokenCursor {
  protected tryLiteral(): Literal | undefined {
    const t = this.peek();
    const loc = this.loc(t);
    switch (t.kind) {
      case 'string':
        this.next();
        return { type: 'string', value: t.value, loc };
      case 'int':
        this.next();
        return { type: 'int', value: Number(t.text), loc };
      case 'float':
        this.next();
        return { type: 'float', value: Number(t.text), loc };
      case 'regex':
        this.next();
        return { type: 'regex', value: t.value, loc };
      case 'ident': {
        if (['true', 'True', 'TRUE'].includes(t.text)) return this.next(), { type: 'bool', value: true, loc };
        if (['false', 'False', 'FALSE'].includes(t.text)) return this.next(), { type: 'bool', value: false, loc };
        if (['null', 'NULL'].includes(t.text)) return this.next(), { type: 'null', loc };
        const after = this.peek(1);
        if (t.text === 'r' && !after.space && (this.isPunct(after, '[') || this.isPunct(after, '('))) return this.range();
        return undefined;
      }
      case 'punct':
        if (t.text === '[') return this.listLiteral();
        if (t.text === '{') return this.mapLiteral();
        return undefined;
      default:
        return undefined;
    }
  }

  protected literal(): Literal {
    const lit = this.tryLiteral();
    if (!lit) this.error(this.peek(), 'a literal value');
    return lit;
  }

  protected listLiteral(): Literal {
    const open = this.next();
    this.enter(open);
    const items: Literal[] = [];
    while (!this.isPunct(this.peek(), ']')) {
      items.push(this.literal());
      if (this.isPunct(this.peek(), ',')) this.next();
      else if (!this.isPunct(this.peek(), ']')) this.error(this.peek(), "',' or ']' in the list");
    }
    this.next();
    this.leave();
    return { type: 'list', items, loc: this.loc(open) };
  }

  protected mapLiteral(): Literal {
    const open = this.next();
    this.enter(open);
    const entries: Array<[string, Literal]> = [];
    while (!this.isPunct(this.peek(), '}')) {
      const k = this.next();
      if (k.kind !== 'ident' && k.kind !== 'string' && k.kind !== 'type') this.error(k, 'a key in the map');
      this.expectPunct(':', "':' after the map key");
      entries.push([k.value, this.literal()]);
      if (this.isPunct(this.peek(), ',')) this.next();
      else if (!this.isPunct(this.peek(), '}')) this.error(this.peek(), "',' or '}' in the map");
    }
    this.next();
    this.leave();
    return { type: 'map', entries, loc: this.loc(open) };
  }

  protected range(): Literal {
    const r = this.next();
    const open = this.next();
    const bound = () => {
      const t = this.next();
      if (t.kind === 'int' || t.kind === 'float') return { kind: t.kind, value: Number(t.text) };
      if (t.kind === 'string' && t.value.length === 1) return { kind: 'char' as const, value: t.value };
      return this.error(t, 'a number or a single character as range bound');
    };
    const lower = bound();
    this.expectPunct(',', "',' between the range bounds");
    const upper = bound();
    const close = this.next();
    if (!this.isPunct(close, ']') && !this.isPunct(close, ')')) this.error(close, "']' or ')' to close the range");
    const kind = lower.kind === 'char' || upper.kind === 'char' ? 'char' : lower.kind === 'float' || upper.kind === 'float' ? 'float' : 'int';
    return {
      type: 'range',
      kind,
      lower: lower.value,
      upper: upper.value,
      lowerInclusive: open.text === '[',
      upperInclusive: close.text === ']',
      loc: this.loc(r),
    };
  }
}
