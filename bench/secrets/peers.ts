// The peers of the secrets benchmark and how their output is read: git-secrets (AWS's tool, its AWS
// provider as users register it), secretlint with its recommended preset, and ripgrep running Paved's own
// detector patterns (the speed limit: same patterns, no verification).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinDetectors } from '../../src/security/secrets/detectors/index.js';

export interface Reported {
  file: string;
  line: number;
  text?: string;
}

/** Paved's detector regexes in ripgrep (Rust regex) syntax: lookaheads dropped, the `i` flag inlined. */
export function ripgrepPatterns(): string[] {
  return builtinDetectors
    // rg works line by line and refuses patterns that name a newline (netrc, PuTTY, k8s): those are left out.
    .filter((d) => d.regex.source !== '$^' && !/\\[nr]/.test(d.regex.source))
    .map((d) => {
      const source = d.regex.source.replace(/\(\?<?[!=](?:[^()]|\([^()]*\))*\)/g, '').replace(/\\\//g, '/')
        // Rust's regex compiles counted repetitions out; open the long ones so the automaton stays small.
        .replace(/\{(\d+),(\d+)\}/g, (m, a: string, b: string) => (Number(b) > 150 ? `{${a},}` : m));
      const flags = (d.regex.flags.includes('i') ? 'i' : '') + (d.regex.flags.includes('m') ? 'm' : '');
      // Each pattern keeps its own flags: rg joins the patterns with `|`.
      return flags ? `(?${flags}:${source})` : source;
    });
}

export function writePatterns(dir: string): string {
  const file = join(dir, 'rg-patterns.txt');
  writeFileSync(file, ripgrepPatterns().join('\n') + '\n');
  return file;
}

/** `path:line:text` lines (rg -n, git grep -n). */
export function parseGrepLines(output: string, strip = ''): Reported[] {
  const out: Reported[] = [];
  for (const line of output.split('\n')) {
    const m = /^([^:]+):(\d+):(.*)$/.exec(line);
    if (m) out.push({ file: m[1]!.startsWith(strip) ? m[1]!.slice(strip.length) : m[1]!, line: Number(m[2]), text: m[3]! });
  }
  return out;
}

/** git secrets --scan-history: `<sha>:<path>:<line>:<text>`. */
export function parseHistoryLines(output: string): Reported[] {
  const out: Reported[] = [];
  for (const line of output.split('\n')) {
    const m = /^[0-9a-f]{40}:([^:]+):(\d+):(.*)$/.exec(line);
    if (m) out.push({ file: m[1]!, line: Number(m[2]), text: m[3]! });
  }
  return out;
}

/** secretlint --format json: [{ filePath, messages: [{ loc: { start: { line } } }] }]. */
export function parseSecretlint(output: string, root: string): Reported[] {
  const out: Reported[] = [];
  const start = output.indexOf('[');
  if (start < 0) return out;
  const results = JSON.parse(output.slice(start)) as Array<{ filePath: string; messages: Array<{ loc?: { start?: { line?: number } } }> }>;
  for (const r of results) {
    for (const m of r.messages) out.push({ file: r.filePath.startsWith(root + '/') ? r.filePath.slice(root.length + 1) : r.filePath, line: m.loc?.start?.line ?? 0 });
  }
  return out;
}
