// Converts Go RE2 regular expressions (gitleaks rules) to JavaScript. The differences that matter in
// practice: inline flags (`(?i)` anywhere, scoped `(?i:…)`, which Node 20 lacks), `(?s)`, `(?P<name>…)`,
// `\z`/`\A`, `\Q…\E` and POSIX classes `[[:alpha:]]`. Case-insensitive scopes are expanded to `[aA]`
// classes; a leading `(?i)` becomes the `i` flag. Anything else RE2-specific is rejected with its reason.
const posix: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: '\\s', xdigit: '0-9A-Fa-f',
  word: '\\w', punct: '!-\\/:-@\\[-`{-~', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', print: '\\x20-\\x7e', graph: '\\x21-\\x7e',
};

export class RegexConversionError extends Error {}

const isLetter = (c: string) => /^[A-Za-z]$/.test(c);
const swapCase = (c: string) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());
const escapeLiteral = (c: string) => (/[.*+?^${}()|[\]\\/-]/.test(c) ? '\\' + c : c);

export function convertGoRegex(source: string): { source: string; flags: string } {
  let flags = '';
  let src = source;
  // A leading (?i) (the common gitleaks idiom) becomes the `i` flag.
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead && !lead[1]!.includes('U')) {
    if (lead[1]!.includes('i')) flags += 'i';
    if (lead[1]!.includes('s')) flags += 's';
    if (lead[1]!.includes('m')) flags += 'm';
    src = src.slice(lead[0].length);
  }
  let out = '';
  // Scope stack: each group inherits the flags of its parent.
  const scopes: Array<{ ci: boolean; dotAll: boolean }> = [{ ci: false, dotAll: false }];
  const scope = () => scopes[scopes.length - 1]!;
  let i = 0;
  const literal = (c: string) => (scope().ci && isLetter(c) ? `[${c}${swapCase(c)}]` : escapeLiteral(c));
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) throw new RegexConversionError('trailing backslash');
      if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const text = src.slice(i + 2, end === -1 ? src.length : end);
        for (const ch of text) out += literal(ch);
        i = end === -1 ? src.length : end + 2;
        continue;
      }
      if (n === 'z') out += '(?![\\s\\S])';
      else if (n === 'A') out += '(?<![\\s\\S])';
      else if (n === 'C') throw new RegexConversionError('\\C (any byte) has no JavaScript equivalent');
      else if (n === 'p' || n === 'P') {
        flags += flags.includes('u') ? '' : 'u';
        const m = /^\\([pP])(\{[^}]+\}|[A-Za-z])/.exec(src.slice(i));
        if (!m) throw new RegexConversionError(`bad Unicode class at offset ${i}`);
        out += '\\' + m[1] + (m[2]!.startsWith('{') ? m[2] : `{${m[2]}}`);
        i += m[0].length;
        continue;
      } else if (n === 'x' && src[i + 2] === '{') {
        const end = src.indexOf('}', i);
        const code = parseInt(src.slice(i + 3, end), 16);
        if (!(code <= 0xff)) throw new RegexConversionError(`\\x{${src.slice(i + 3, end)}} above \\xff is not supported`);
        out += '\\x' + code.toString(16).padStart(2, '0');
        i = end + 1;
        continue;
      } else out += c + n;
      i += 2;
      continue;
    }
    if (c === '[') {
      const { text, next } = convertClass(src, i, scope().ci);
      out += text;
      i = next;
      continue;
    }
    if (c === '(') {
      if (src.startsWith('(?P<', i)) {
        out += '(?<';
        i += 4;
        scopes.push({ ...scope() });
        continue;
      }
      const m = /^\(\?([a-zA-Z-]*)(\)|:)/.exec(src.slice(i));
      if (m) {
        const next = { ...scope() };
        let on = true;
        for (const f of m[1]!) {
          if (f === '-') on = false;
          else if (f === 'i') next.ci = on;
          else if (f === 's') next.dotAll = on;
          else if (f === 'm') flags += flags.includes('m') ? '' : 'm';
          else throw new RegexConversionError(`inline flag (?${f}) is not supported`);
        }
        if (m[2] === ')') scopes[scopes.length - 1] = next; // applies to the rest of the current group
        else {
          out += '(?:';
          scopes.push(next);
        }
        i += m[0].length;
        continue;
      }
      out += c;
      scopes.push({ ...scope() });
      i++;
      continue;
    }
    if (c === ')') {
      if (scopes.length > 1) scopes.pop();
      out += c;
      i++;
      continue;
    }
    if (c === '.' && scope().dotAll) {
      out += '[\\s\\S]';
      i++;
      continue;
    }
    out += isLetter(c) ? literal(c) : c;
    i++;
  }
  return { source: out, flags };
}

/** Converts one character class starting at `start`; expands POSIX classes and, in a (?i) scope, case. */
function convertClass(src: string, start: number, ci: boolean): { text: string; next: number } {
  let i = start + 1;
  let body = '';
  let negate = false;
  const extra: string[] = [];
  if (src[i] === '^') {
    negate = true;
    i++;
  }
  if (src[i] === ']') {
    body += '\\]';
    i++;
  }
  while (i < src.length && src[i] !== ']') {
    if (src.startsWith('[:', i)) {
      const end = src.indexOf(':]', i);
      const name = src.slice(i + 2, end);
      const neg = name.startsWith('^');
      const cls = posix[neg ? name.slice(1) : name];
      if (!cls || neg) throw new RegexConversionError(`POSIX class [:${name}:] is not supported`);
      body += cls;
      i = end + 2;
      continue;
    }
    if (src[i] === '\\') {
      body += src.slice(i, i + 2);
      i += 2;
      continue;
    }
    const c = src[i]!;
    if (src[i + 1] === '-' && src[i + 2] !== undefined && src[i + 2] !== ']') {
      const to = src[i + 2]!;
      body += `${c === '[' ? '\\[' : c}-${to}`;
      if (ci && isLetter(c) && isLetter(to)) extra.push(`${swapCase(c)}-${swapCase(to)}`);
      i += 3;
      continue;
    }
    body += c === '[' ? '\\[' : c;
    if (ci && isLetter(c)) extra.push(swapCase(c));
    i++;
  }
  if (i >= src.length) throw new RegexConversionError(`unterminated character class at offset ${start}`);
  return { text: `[${negate ? '^' : ''}${body}${extra.join('')}]`, next: i + 1 };
}
