// Tokens of the Guard language. Keywords are contextual (a key may be called `rule`), so the lexer
// only knows shapes; the parser decides meaning. Whitespace matters in one place: a query continues
// only when `.` or `[` touches the previous part, so `a == b` followed by `[…]` on the next line is
// not read as one query — hence `space` on every token.
export type TokenKind = 'ident' | 'type' | 'string' | 'int' | 'float' | 'regex' | 'message' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Decoded value for strings, regexes and messages. */
  value: string;
  line: number;
  column: number;
  /** Whitespace or a comment precedes the token. */
  space: boolean;
  offset: number;
  end: number;
}

export class GuardParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
  }
}

const puncts = ['<<', '==', '!=', '<=', '>=', '|OR|', '<', '>', '{', '}', '[', ']', '(', ')', ',', '.', ':', '|', '%', '*', '!', '='];

export function tokenize(source: string, file: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let space = true;
  const n = source.length;
  const fail = (at: number, reason: string): never => {
    const before = source.slice(0, at);
    const l = before.split('\n').length;
    throw new GuardParseError(file, l, at - before.lastIndexOf('\n'), reason);
  };
  while (i < n) {
    const c = source[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      space = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      space = true;
      continue;
    }
    if (c === '#') {
      while (i < n && source[i] !== '\n') i++;
      space = true;
      continue;
    }
    const start = i;
    const column = i - lineStart + 1;
    const push = (kind: TokenKind, value: string) => {
      tokens.push({ kind, text: source.slice(start, i), value, line, column, space, offset: start, end: i });
      space = false;
    };
    if (/[A-Za-z_]/.test(c)) {
      i++;
      while (i < n && /[A-Za-z0-9_]/.test(source[i]!)) i++;
      let kind: TokenKind = 'ident';
      // Resource type names: AWS::S3::Bucket (segments may hold digits and a trailing wildcard).
      while (source.startsWith('::', i) && /[A-Za-z0-9_*]/.test(source[i + 2] ?? '')) {
        kind = 'type';
        i += 2;
        while (i < n && /[A-Za-z0-9_*]/.test(source[i]!)) i++;
      }
      push(kind, source.slice(start, i));
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      i++;
      while (i < n && /[0-9]/.test(source[i]!)) i++;
      let kind: TokenKind = 'int';
      if (source[i] === '.' && /[0-9]/.test(source[i + 1] ?? '')) {
        kind = 'float';
        i++;
        while (i < n && /[0-9]/.test(source[i]!)) i++;
      }
      if ((source[i] === 'e' || source[i] === 'E') && /[-+0-9]/.test(source[i + 1] ?? '')) {
        kind = 'float';
        i += 2;
        while (i < n && /[0-9]/.test(source[i]!)) i++;
      }
      push(kind, source.slice(start, i));
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      let value = '';
      while (i < n && source[i] !== c) {
        if (source[i] === '\\' && (source[i + 1] === c || source[i + 1] === '\\')) {
          value += source[i + 1];
          i += 2;
          continue;
        }
        if (source[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        value += source[i];
        i++;
      }
      if (i >= n) fail(start, `unterminated string starting here, expected a closing ${c}`);
      i++;
      push('string', value);
      continue;
    }
    if (c === '/') {
      i++;
      let value = '';
      while (i < n && source[i] !== '/') {
        if (source[i] === '\n') fail(start, 'unterminated regular expression, expected a closing /');
        if (source[i] === '\\' && source[i + 1] === '/') {
          value += '/';
          i += 2;
          continue;
        }
        if (source[i] === '\\') {
          value += source.slice(i, i + 2);
          i += 2;
          continue;
        }
        value += source[i];
        i++;
      }
      if (i >= n) fail(start, 'unterminated regular expression, expected a closing /');
      i++;
      push('regex', value);
      continue;
    }
    if (source.startsWith('<<', i)) {
      const close = source.indexOf('>>', i + 2);
      if (close < 0) fail(start, 'unterminated custom message, expected >>');
      const value = source.slice(i + 2, close).trim().replace(/\s+/g, ' ');
      for (let k = i; k < close; k++) {
        if (source[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      }
      i = close + 2;
      push('message', value);
      continue;
    }
    const p = puncts.find((x) => source.startsWith(x, i));
    if (!p) fail(start, `unexpected character '${c}'`);
    i += p!.length;
    push('punct', p!);
  }
  tokens.push({ kind: 'eof', text: '', value: '', line, column: i - lineStart + 1, space: true, offset: n, end: n });
  return tokens;
}
