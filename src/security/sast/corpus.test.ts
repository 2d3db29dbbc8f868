// Precision and recall of every SAST rule on the labelled corpus, gated against the recorded baseline:
// the test fails when a rule finds less (recall drops) or reports more false positives than recorded.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from './analyze.js';
import { corpusDirectory, loadCorpus, score } from './corpus.js';
import { sastRules } from './rules.js';

interface Baseline { [ruleId: string]: { recall: number; falsePositives: number } }

const files = loadCorpus();
const baseline = JSON.parse(readFileSync(join(corpusDirectory(), 'baseline.json'), 'utf8')) as Baseline;
const scores = score(files, (f) => analyzeSource(f.relativePath, f.text).findings.filter((x) => !x.suppressed));

// `PAVED_SAST_WRITE_BASELINE=1 npx vitest run src/security/sast/corpus.test.ts` records the current levels
// (do it only for a change that improves rules: the gate exists to catch the opposite).
if (process.env.PAVED_SAST_WRITE_BASELINE === '1') {
  const next: Baseline = {};
  for (const [id, s] of [...scores].sort(([a], [b]) => a.localeCompare(b))) next[id] = { recall: Math.floor(s.recall * 1000) / 1000, falsePositives: s.falsePositives };
  writeFileSync(join(corpusDirectory(), 'baseline.json'), JSON.stringify(next, null, 2) + '\n');
}

describe('SAST corpus', () => {
  it('prints precision and recall per rule', () => {
    const rows = [...scores].sort(([a], [b]) => a.localeCompare(b)).map(([id, s]) =>
      `${id.padEnd(34)} tp ${String(s.truePositives).padStart(2)}  fp ${String(s.falsePositives).padStart(2)}  fn ${String(s.falseNegatives).padStart(2)}  precision ${s.precision.toFixed(2)}  recall ${s.recall.toFixed(2)}`);
    console.log(`SAST corpus: ${files.length} files\n${rows.join('\n')}`);
    expect(rows.length).toBeGreaterThanOrEqual(30);
  });

  it('keeps recall at or above the recorded level for every rule', () => {
    for (const [id, recorded] of Object.entries(baseline)) {
      const s = scores.get(id);
      expect(s, `${id} has no labelled case any more`).toBeDefined();
      expect(s!.recall, `${id} recall`).toBeGreaterThanOrEqual(recorded.recall);
    }
  });

  it('reports no more false positives than recorded', () => {
    for (const [id, s] of scores) {
      expect(s.falsePositives, `${id} false positives (new rule? add it to baseline.json)`).toBeLessThanOrEqual(baseline[id]?.falsePositives ?? 0);
    }
  });

  it('has a vulnerable case with a labelled finding and a safe case for every rule', () => {
    for (const rule of sastRules.filter((r) => !r.tags?.includes('meta'))) {
      const labelled = files.filter((f) => f.variant === 'vulnerable' && f.expected.some((e) => e.ruleId === rule.id));
      expect(labelled.length, `${rule.id} needs a vulnerable fixture`).toBeGreaterThan(0);
      const safe = files.filter((f) => f.variant === 'safe' && labelled.some((l) => l.case === f.case));
      expect(safe.length, `${rule.id} needs a safe fixture`).toBeGreaterThan(0);
    }
    for (const f of files.filter((x) => x.variant === 'safe')) expect(f.expected, `${f.relativePath} must not expect findings`).toEqual([]);
  });
});
