// Dockerfiles: a small line-based parser (instructions, `\` continuations, comments, the `escape`
// parser directive, stages). Heredocs are kept as the instruction's raw text and not interpreted.
import type { Suppressions } from '../resource.js';

export interface Instruction {
  /** Upper-case instruction name: FROM, RUN, USER, … */
  name: string;
  /** Everything after the name, continuation lines joined with a space. */
  args: string;
  /** 1-based line of the instruction's first line. */
  line: number;
  /** Index of the build stage (0 = first FROM). -1 before the first FROM (ARG). */
  stage: number;
  suppressions: Suppressions;
}

export interface Dockerfile {
  instructions: Instruction[];
  stages: Array<{ from: Instruction; name?: string }>;
}

const skipComment = /#\s*paved:skip=([\w.-]+)(?:\s+(.*))?$/;

export function looksLikeDockerfile(source: string): boolean {
  for (const line of source.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    return /^(FROM|ARG)\s/i.test(t);
  }
  return false;
}

export function parseDockerfile(source: string): Dockerfile {
  const lines = source.split(/\r?\n/);
  let escape = '\\';
  const directive = /^#\s*escape\s*=\s*(\S)/i.exec(lines[0] ?? '');
  if (directive) escape = directive[1];
  const instructions: Instruction[] = [];
  const stages: Dockerfile['stages'] = [];
  let pending: Suppressions['byId'] = new Map();
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i];
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      const m = skipComment.exec(trimmed);
      if (m) pending.set(m[1], { reason: (m[2] ?? '').trim(), source: 'inline', position: { line: i + 1, column: 1 } });
      i++;
      continue;
    }
    const start = i;
    let text = trimmed;
    let heredoc: string | undefined = /<<-?\s*["']?(\w+)["']?/.exec(trimmed)?.[1];
    let continued = text.endsWith(escape);
    while (continued && i + 1 < lines.length) {
      if (text.endsWith(escape)) text = text.slice(0, -1);
      i++;
      const next = lines[i].trim();
      if (next.startsWith('#') || next === '') continue; // comments and blank lines inside continuations are dropped, as Docker does
      text += ' ' + next;
      continued = next.endsWith(escape);
      if (!continued) break;
    }
    if (text.endsWith(escape)) text = text.slice(0, -1);
    if (heredoc) {
      // Skip the heredoc body up to its terminator so its lines aren't read as instructions.
      while (i + 1 < lines.length && lines[i + 1].trim() !== heredoc) {
        i++;
        text += '\n' + lines[i];
      }
      if (i + 1 < lines.length) i++;
      heredoc = undefined;
    }
    i++;
    const m = /^(\S+)\s*(.*)$/s.exec(text);
    if (!m) continue;
    const name = m[1].toUpperCase();
    const instruction: Instruction = { name, args: m[2].trim(), line: start + 1, stage: stages.length - (name === 'FROM' ? 0 : 1), suppressions: { byId: pending } };
    pending = new Map();
    instructions.push(instruction);
    if (name === 'FROM') {
      const as = /\s+as\s+(\S+)\s*$/i.exec(instruction.args);
      stages.push({ from: instruction, name: as?.[1] });
    }
  }
  return { instructions, stages };
}
