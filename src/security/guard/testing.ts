// `paved guard test`: cfn-guard's unit-test format. A test file is a list of cases
//   - name: bucket without encryption
//     input: { Resources: { … } }
//     expectations: { rules: { s3_encrypted: FAIL } }
// and every listed rule must evaluate to the expected status. `--dir` pairs `NAME.guard` with
// `tests/NAME_tests.yaml` (or .yml/.json), as cfn-guard does.
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RulesFile } from './ast.js';
import { parseData } from './data.js';
import { evaluateRules, type Status } from './evaluate.js';
import { rulesExtensions } from './load.js';
import type { GValue } from './values.js';

export class TestFileError extends Error {}

export interface TestCase {
  name: string;
  input: GValue;
  expectations: Array<{ rule: string; expected: Status }>;
}

export interface RuleCheck {
  rule: string;
  expected: Status;
  /** 'NOT FOUND' when the rules file has no such rule. */
  actual: Status | 'NOT FOUND';
  ok: boolean;
}

export interface CaseResult {
  index: number;
  name: string;
  checks: RuleCheck[];
  ok: boolean;
}

const statuses = new Set(['PASS', 'FAIL', 'SKIP']);

export function parseTestFile(text: string, file: string): TestCase[] {
  const doc = parseData(text, file);
  if (doc.kind !== 'list') throw new TestFileError(`${file}: a test file is a list of test cases, found a ${doc.kind}`);
  return doc.value.map((item, i) => {
    const where = `${file}:${item.line}:${item.column} (test case #${i + 1})`;
    if (item.kind !== 'map') throw new TestFileError(`${where}: a test case is a map with input and expectations`);
    const input = item.value.get('input');
    if (!input) throw new TestFileError(`${where}: missing 'input'`);
    const exp = item.value.get('expectations');
    const rules = exp?.kind === 'map' ? exp.value.get('rules') : undefined;
    if (!rules || rules.kind !== 'map') throw new TestFileError(`${where}: missing 'expectations.rules' (a map of rule name to PASS, FAIL or SKIP)`);
    const expectations = [...rules.value].map(([rule, v]) => {
      const s = v.kind === 'string' ? v.value.toUpperCase() : '';
      if (!statuses.has(s)) throw new TestFileError(`${file}:${v.line}:${v.column}: expectation for rule '${rule}' must be PASS, FAIL or SKIP`);
      return { rule, expected: s as Status };
    });
    const name = item.value.get('name');
    return { name: name?.kind === 'string' ? name.value : `#${i + 1}`, input, expectations };
  });
}

export function runTestCases(rules: RulesFile, cases: TestCase[]): CaseResult[] {
  return cases.map((c, i) => {
    const results = new Map(evaluateRules(rules, c.input).map((r) => [r.name, r.status]));
    const checks = c.expectations.map(({ rule, expected }) => {
      const actual = results.get(rule) ?? ('NOT FOUND' as const);
      return { rule, expected, actual, ok: actual === expected };
    });
    return { index: i + 1, name: c.name, checks, ok: checks.every((x) => x.ok) };
  });
}

/** cfn-guard's test report; `verbose` adds the expected status of rules that matched on one line each. */
export function formatCaseResults(results: CaseResult[], verbose: boolean): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`Test Case #${r.index}`, `Name: ${r.name}`);
    const pass = r.checks.filter((c) => c.ok);
    const fail = r.checks.filter((c) => !c.ok);
    if (pass.length) {
      out.push('  PASS Rules:');
      for (const c of pass) out.push(verbose ? `    ${c.rule}: Expected = ${c.expected}, Evaluated = ${c.actual}` : `    ${c.rule}: Expected = ${c.expected}`);
    }
    if (fail.length) {
      out.push('  FAILED Rules:');
      for (const c of fail) out.push(`    ${c.rule}: Expected = ${c.expected}, Evaluated = ${c.actual}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** For `--dir`: each rules file with its test file under tests/, if there is one. */
export async function findRuleTestPairs(dir: string): Promise<Array<{ rules: string; tests?: string }>> {
  const pairs: Array<{ rules: string; tests?: string }> = [];
  const walk = async (d: string): Promise<void> => {
    const entries = (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'tests' && e.name !== 'node_modules' && !e.name.startsWith('.')) await walk(p);
        continue;
      }
      const ext = rulesExtensions.find((x) => e.name.endsWith(x));
      if (!ext) continue;
      const stem = basename(e.name, ext);
      let tests: string | undefined;
      for (const candidate of [join(dirname(p), 'tests', `${stem}_tests`), join(dirname(p), '..', 'tests', `${stem}_tests`)]) {
        for (const suffix of ['.yaml', '.yml', '.json']) {
          if (!tests && (await stat(candidate + suffix).catch(() => undefined))?.isFile()) tests = candidate + suffix;
        }
      }
      pairs.push({ rules: p, tests });
    }
  };
  await walk(dir);
  return pairs;
}

export async function readTestFile(path: string): Promise<TestCase[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new TestFileError(`${path}: cannot read the test file`);
  }
  try {
    return parseTestFile(text, path);
  } catch (error) {
    if (error instanceof TestFileError) throw error;
    throw new TestFileError((error as Error).message);
  }
}
