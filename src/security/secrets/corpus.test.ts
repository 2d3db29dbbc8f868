// The labelled corpus: every detector finds all of its generated true positives (recall 1.0) and reports
// nothing on its near misses. Prints a precision/recall table per detector.
import { describe, expect, it } from 'vitest';
import { SecretEngine } from './engine.js';
import { builtinDetectors } from './detectors/index.js';
import { buildCorpus, corpusDetectorIds } from './testing/corpus.js';

const engine = new SecretEngine({ detectors: builtinDetectors });
const corpus = buildCorpus();

describe('labelled corpus', () => {
  it('has at least 60 detectors, each with a corpus', () => {
    expect(builtinDetectors.length).toBeGreaterThanOrEqual(60);
    const missing = builtinDetectors.map((d) => d.id).filter((id) => !corpusDetectorIds.includes(id));
    expect(missing).toEqual([]);
    expect(new Set(builtinDetectors.map((d) => d.id)).size).toBe(builtinDetectors.length);
  });

  it('finds every true positive and no false positive, per detector', () => {
    const rows: string[] = [];
    const failures: string[] = [];
    for (const { id, positives, negatives } of corpus) {
      let tp = 0;
      let fp = 0;
      for (const c of positives) {
        const hits = engine.scan(c.text, { file: c.file });
        if (hits.some((h) => h.ruleId === id && h.secret === c.secret)) tp++;
        else failures.push(`${id}: missed in ${c.file}: ${JSON.stringify(hits.map((h) => h.ruleId))}`);
        const extra = hits.filter((h) => !(h.ruleId === id && h.secret === c.secret));
        fp += extra.length;
        for (const e of extra) failures.push(`${id}: extra ${e.ruleId} on a positive of ${c.file}`);
      }
      for (const c of negatives) {
        const hits = engine.scan(c.text, { file: c.file });
        fp += hits.length;
        for (const h of hits) failures.push(`${id}: false positive ${h.ruleId} on near miss ${JSON.stringify(c.text.slice(0, 60))}`);
      }
      const recall = tp / positives.length;
      const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
      rows.push(`${id.padEnd(34)} recall ${recall.toFixed(2)}  precision ${precision.toFixed(2)}  (${positives.length} positives, ${negatives.length} near misses)`);
    }
    console.log(['detector                           figures', ...rows].join('\n'));
    expect(failures).toEqual([]);
  });
});
