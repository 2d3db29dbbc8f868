// The analysis must never throw, whatever the input: damaged files become SAST.PARSE findings and valid but
// unusual code is analysed. Property tests cut random slices out of the labelled corpus and splice files together.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from './analyze.js';
import { loadCorpus } from './corpus.js';

const corpus = loadCorpus();
const texts = corpus.map((f) => f.text);

function checkResult(path: string, text: string): void {
  const { findings } = analyzeSource(path, text);
  const lines = text.split('\n').length;
  for (const f of findings) {
    expect(f.line).toBeGreaterThanOrEqual(0);
    expect(f.line).toBeLessThanOrEqual(lines);
    expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  }
}

describe('analysis robustness', () => {
  it('never throws on corpus files with a random slice cut out', () => {
    fc.assert(fc.property(fc.nat(texts.length - 1), fc.nat(), fc.nat(400), fc.constantFrom('a.ts', 'b.tsx', 'c.js', 'd.cjs'), (i, start, length, path) => {
      const text = texts[i];
      const from = start % Math.max(text.length, 1);
      checkResult(path, text.slice(0, from) + text.slice(from + length));
    }), { numRuns: 150 });
  });

  it('never throws on two corpus files spliced at random points', () => {
    fc.assert(fc.property(fc.nat(texts.length - 1), fc.nat(texts.length - 1), fc.nat(), fc.nat(), (i, j, a, b) => {
      const left = texts[i], right = texts[j];
      checkResult('spliced.ts', left.slice(0, a % (left.length + 1)) + right.slice(b % (right.length + 1)));
    }), { numRuns: 150 });
  });

  it('never throws on token soup', () => {
    const token = fc.constantFrom('req', '.', 'query', '(', ')', '{', '}', '[', ']', '`${', '}`', 'exec', 'if', '!', 'return', ';', '=', '+', "'x'",
      'const', 'a', 'function', '=>', ',', 'await', 'new', 'RegExp', 'res', 'send', '\n', '...', '?', ':', 'class', 'this', 'of', 'for', '<div>', '</div>');
    fc.assert(fc.property(fc.array(token, { maxLength: 80 }), (tokens) => checkResult('soup.tsx', tokens.join(' '))), { numRuns: 300 });
  });
});
