// Values that look like secrets but are documentation examples, templates or test markers. They are
// the main source of false alarms in other scanners (gitleaks' generic-api-key issues), so every
// detector runs them unless it opts out.
const placeholderWords =
  /example|sample|dummy|placeholder|changeme|change_me|change-me|replace_?me|redacted|your[_-]?(?:api|access|secret|private)?[_-]?(?:key|token|secret|password)|your[_-]?own|insert[_-]?(?:your|key|token)|fake|notreal|not[_-]real|xxxx|\*\*\*\*|\.\.\.\.|<[a-z_ -]+>|todo/i;
const templateSyntax = /\$\{[^}]*\}|\{\{[^}]*\}\}|\$\([^)]*\)|%\([^)]*\)s|#\{[^}]*\}|<%=?|\{%|^\$[A-Z_][A-Z0-9_]*$|^%[A-Z_]+%$|^__[A-Z0-9_]+__$/;
const sequences = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Well-known documentation values, verbatim. */
const knownExamples = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'password',
  'passw0rd',
  'secret',
  'changeit',
  'hunter2',
  'admin',
  'root',
  'pass',
  'test',
  'postgres',
  'mysql',
]);

/** True when the value is a placeholder, a template expression, one repeated character or a plain sequence. */
export function isPlaceholder(value: string): boolean {
  if (knownExamples.has(value) || knownExamples.has(value.toLowerCase())) return true;
  if (placeholderWords.test(value) || templateSyntax.test(value)) return true;
  if (/^(.)\1+$/.test(value)) return true;
  const lower = value.toLowerCase();
  for (const seq of sequences) {
    if (lower.length >= 6 && (seq.includes(lower) || seq.repeat(3).includes(lower))) return true;
  }
  // Long values made of very few distinct characters ("abababab…", "00000000-0000-…").
  if (value.length >= 16 && new Set(value.replace(/[-_.]/g, '')).size <= 4) return true;
  return false;
}
