// The starter policy pack must pass its own unit tests through `paved guard test --dir`.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { starterPackDir } from './pack.js';
import { runPaved } from './test-io.js';

describe('starter policy pack', () => {
  const dir = starterPackDir();
  const rules = readdirSync(`${dir}/rules`).filter((f) => f.endsWith('.guard'));
  const tests = new Set(readdirSync(`${dir}/tests`));

  it('has at least 25 rules, each with a _tests.yaml', () => {
    expect(rules.length).toBeGreaterThanOrEqual(25);
    for (const r of rules) expect(tests.has(r.replace(/\.guard$/, '_tests.yaml')), r).toBe(true);
  });

  it('passes every test case through paved guard test', async () => {
    const { code, stdout, stderr } = await runPaved(['guard', 'test', '--dir', dir, '--json']);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as Array<{ rules: string; cases: Array<{ ok: boolean; name: string; checks: unknown[] }> }>;
    expect(report).toHaveLength(rules.length);
    const failed = report.flatMap((r) => r.cases.filter((c) => !c.ok).map((c) => `${r.rules}: ${c.name} ${JSON.stringify(c.checks)}`));
    expect(failed).toEqual([]);
    for (const r of report) expect(r.cases.length, r.rules).toBeGreaterThanOrEqual(2);
    expect(code).toBe(0);
  });
});
