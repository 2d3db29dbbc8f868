// The labelled SAST corpus: fixtures/corpus/<case>/{vulnerable,safe}.<ext>. A comment `// ruleid: RULE`
// marks the next line as one where RULE must report (the semgrep test convention); every other finding
// is a false positive. Used by corpus.test.ts (regression gate) and bench/sast.bench.ts (precision/recall).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CorpusFile { case: string; variant: 'vulnerable' | 'safe'; path: string; relativePath: string; text: string; expected: Array<{ ruleId: string; line: number }> }
export interface RuleScore { truePositives: number; falsePositives: number; falseNegatives: number; precision: number; recall: number }
export interface Prediction { ruleId: string; line: number }

/** The corpus folder, whether running from src (tests) or dist (benchmarks). */
export function corpusDirectory(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const beside = join(here, 'fixtures', 'corpus');
  if (existsSync(beside)) return beside;
  return join(here, '..', '..', '..', '..', 'src', 'security', 'sast', 'fixtures', 'corpus');
}

export function loadCorpus(dir = corpusDirectory()): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (const name of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const file of readdirSync(join(dir, name)).sort()) {
      const variant = file.startsWith('vulnerable.') ? 'vulnerable' : file.startsWith('safe.') ? 'safe' : undefined;
      if (!variant) continue;
      const path = join(dir, name, file);
      const text = readFileSync(path, 'utf8');
      const expected: CorpusFile['expected'] = [];
      text.split('\n').forEach((l, i) => {
        const m = /\/\/\s*ruleid:\s*([A-Z0-9.-]+)/.exec(l);
        if (m) expected.push({ ruleId: m[1], line: i + 2 });
      });
      files.push({ case: name, variant, path, relativePath: `${name}/${file}`, text, expected });
    }
  }
  return files;
}

/** Scores predictions per rule; predictions on a line no `ruleid:` names count as false positives. */
export function score(files: CorpusFile[], predict: (file: CorpusFile) => Prediction[]): Map<string, RuleScore> {
  const scores = new Map<string, RuleScore>();
  const get = (id: string) => {
    let s = scores.get(id);
    if (!s) scores.set(id, (s = { truePositives: 0, falsePositives: 0, falseNegatives: 0, precision: 1, recall: 1 }));
    return s;
  };
  for (const file of files) {
    const predicted = new Set(predict(file).map((p) => `${p.ruleId}@${p.line}`));
    const wanted = new Set(file.expected.map((e) => `${e.ruleId}@${e.line}`));
    for (const e of file.expected) get(e.ruleId)[predicted.has(`${e.ruleId}@${e.line}`) ? 'truePositives' : 'falseNegatives']++;
    for (const p of predicted) if (!wanted.has(p)) get(p.split('@')[0]).falsePositives++;
  }
  for (const s of scores.values()) {
    s.precision = s.truePositives + s.falsePositives === 0 ? 1 : s.truePositives / (s.truePositives + s.falsePositives);
    s.recall = s.truePositives + s.falseNegatives === 0 ? 1 : s.truePositives / (s.truePositives + s.falseNegatives);
  }
  return scores;
}
