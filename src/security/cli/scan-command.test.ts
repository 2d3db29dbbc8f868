import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIO } from '../../cli/command.js';
import { runCli } from '../../cli/run.js';
import { walkFiles } from '../files.js';
import { fingerprintOf, type Finding, type RuleInfo } from '../finding.js';
import type { Scanner } from '../scanner.js';
import { scannerTable, type ScannerEntry } from '../scanners.js';
import { scanCommandLine } from './scan-options.js';

// A small real scanner for the tests: every line containing BAD is a high finding, WEAK a low one, and a line
// with "paved:allow reason" is suppressed. It records the options it was given.
const rules: RuleInfo[] = [
  { id: 'fake.bad', scanner: 'fake-lines', title: 'A bad line', severity: 'high', description: 'Lines with BAD are bad.' },
  { id: 'fake.weak', scanner: 'fake-lines', title: 'A weak line', severity: 'low', description: 'Lines with WEAK are weak.' },
];
const optionsSeen: unknown[] = [];
const linesScanner: Scanner = {
  id: 'fake-lines',
  description: 'Flags lines containing BAD or WEAK',
  listRules: () => rules,
  async scan({ root, onProgress, options }) {
    optionsSeen.push(options);
    const findings: Finding[] = [];
    const files = [];
    for await (const file of walkFiles(root, { accept: (p) => p.endsWith('.txt') })) files.push(file);
    for (const [i, file] of files.entries()) {
      const lines = (await readFile(file.path, 'utf8')).split('\n');
      lines.forEach((text, n) => {
        const rule = text.includes('BAD') ? rules[0]! : text.includes('WEAK') ? rules[1]! : undefined;
        if (!rule) return;
        const allow = /paved:allow (.+)/.exec(text);
        findings.push({
          ruleId: rule.id,
          scanner: 'fake-lines',
          severity: rule.severity,
          title: rule.title,
          message: `${rule.title}: ${text.trim()}`,
          file: file.relativePath,
          line: n + 1,
          column: text.search(/BAD|WEAK/) + 1,
          fingerprint: fingerprintOf('fake-lines', rule.id, file.relativePath, text.trim()),
          ...(allow ? { suppressed: { reason: allow[1]!, source: 'inline' } } : {}),
        });
      });
      onProgress?.(i + 1, files.length);
    }
    return { findings, rules, scanned: files.length };
  },
};

const fakeEntries: ScannerEntry[] = [
  {
    id: 'fake-lines',
    description: 'Flags lines containing BAD or WEAK',
    options: { depth: { type: 'string', description: 'How deep to look' }, deep: { type: 'boolean', description: 'Look deeper' } },
    load: async () => linesScanner,
  },
  {
    id: 'fake-crash',
    description: 'Always fails',
    load: async () => ({ ...linesScanner, id: 'fake-crash', scan: async () => Promise.reject(new Error('boom at line 7')) }),
  },
];
// The scan command builds its subcommands from the table when it is first loaded (lazily, by runCli).
scannerTable.push(...fakeEntries);

function capture(over: Partial<CommandIO> & { stderrTTY?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (chunks: string[]) => new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) });
  const stderr = Object.assign(sink(err), { isTTY: over.stderrTTY ?? false });
  const io: CommandIO = { stdout: sink(out), stderr, stdin: new PassThrough(), env: {}, cwd: dir, isTTY: false, color: false, ...over };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

async function paved(args: string[], over: Parameters<typeof capture>[0] = {}) {
  const c = capture(over);
  const code = await runCli(args, c.io);
  return { code, out: c.out(), err: c.err() };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paved-scan-'));
  await writeFile(join(dir, 'a.txt'), 'fine\nthis is BAD\nthis is WEAK\n');
  await writeFile(join(dir, 'b.txt'), 'BAD but accepted paved:allow demo data only\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('paved scan', () => {
  it('prints a table and exits 1 when a finding is at or above the default threshold (high)', async () => {
    const r = await paved(['scan', '--scanners', 'fake-lines', '.']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('HIGH (1)\n  fake.bad  a.txt:2:9');
    expect(r.out).toContain('SUPPRESSED (1)');
    expect(r.out).toContain('(inline) demo data only');
    expect(r.out).toContain('2 findings (1 high, 1 low), 1 suppressed, 2 files scanned');
    expect(r.out).not.toContain('\x1b[');
    expect(r.err).toBe('');
  });

  it('gates on --fail-on and colours the table only when io.color is set', async () => {
    expect((await paved(['scan', 'fake-lines', '--fail-on', 'critical'])).code).toBe(0);
    expect((await paved(['scan', 'fake-lines', '--fail-on', 'low'])).code).toBe(1);
    const none = await paved(['scan', 'fake-lines', '--fail-on', 'none'], { color: true });
    expect(none.code).toBe(0);
    expect(none.out).toContain('\x1b[');
  });

  it('runs a scanner as a subcommand, taking a path relative to the working directory', async () => {
    const r = await paved(['scan', 'fake-lines', 'b.txt', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.findings).toMatchObject([{ file: 'b.txt', suppressed: { reason: 'demo data only' } }]);
    expect(json.summary).toMatchObject({ findings: 0, suppressed: 1, failed: false });
  });

  it('reports a crashing scanner as a high finding and still runs the others', async () => {
    const r = await paved(['scan', '--scanners', 'fake-crash,fake-lines', '--json', '--fail-on', 'critical']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.findings[0]).toMatchObject({ ruleId: 'paved.scanner-error', severity: 'high', scanner: 'fake-crash' });
    expect(json.findings[0].message).toContain('boom at line 7');
    expect(json.findings.filter((f: Finding) => f.scanner === 'fake-lines')).toHaveLength(3);
    expect((await paved(['scan', 'fake-crash'])).code).toBe(1);
  });

  it('writes SARIF to --output and prints the summary', async () => {
    const r = await paved(['scan', 'fake-lines', '--format', 'sarif', '--output', 'out.sarif']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Report written to out.sarif (sarif)');
    const sarif = JSON.parse(await readFile(join(dir, 'out.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['fake.bad', 'fake.weak', 'fake.bad']);
    await rm(join(dir, 'out.sarif'));
  });

  it('writes JUnit XML', async () => {
    const r = await paved(['scan', 'fake-lines', '--format', 'junit']);
    expect(r.out).toMatch(/^<\?xml/);
    expect(r.out).toContain('<testsuite name="fake-lines" tests="3" failures="1" errors="0" skipped="1">');
  });

  it('passes declared options to their scanner and rejects options of scanners not run', async () => {
    optionsSeen.length = 0;
    await paved(['scan', 'fake-lines', '--depth', '3', '--deep']);
    expect(optionsSeen).toEqual([{ depth: '3', deep: true }]);
    const r = await paved(['scan', 'fake-crash', '--deep']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--deep is an option of the fake-lines scanner, which this scan does not run');
  });

  it('lists the rule catalogue as a table or JSON', async () => {
    const table = await paved(['scan', 'fake-lines', '--list-rules']);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/RULE +SEVERITY +SCANNER +TITLE\nfake\.bad +high +fake-lines +A bad line\n/);
    const json = await paved(['scan', '--scanners', 'fake-lines', '--list-rules', '--format', 'json']);
    expect(JSON.parse(json.out).map((x: RuleInfo) => x.id)).toEqual(['fake.bad', 'fake.weak']);
  });

  it('baselines: records current findings, then reports only new ones', async () => {
    const write = await paved(['scan', 'fake-lines', '--write-baseline', 'base.json']);
    expect(write.code).toBe(0);
    expect(write.err).toContain('wrote 3 finding(s) to baseline base.json');
    expect(write.out).toContain('3 in baseline');
    const saved = JSON.parse(await readFile(join(dir, 'base.json'), 'utf8'));
    expect(saved).toMatchObject({ version: 1, entries: [{ ruleId: 'fake.bad', file: 'a.txt' }, { ruleId: 'fake.weak', file: 'a.txt' }, { ruleId: 'fake.bad', file: 'b.txt' }] });

    const again = await paved(['scan', 'fake-lines', '--baseline', 'base.json']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('0 findings, 3 in baseline, 2 files scanned');

    // Lines move, and a new bad line arrives: only the new one is reported.
    await writeFile(join(dir, 'a.txt'), 'inserted\nfine\nthis is BAD\nthis is WEAK\nnew BAD thing\n');
    const later = await paved(['scan', 'fake-lines', '--baseline', 'base.json', '--json']);
    expect(later.code).toBe(1);
    const json = JSON.parse(later.out);
    expect(json.findings).toMatchObject([{ file: 'a.txt', line: 5 }]);
    expect(json.summary.baselined).toBe(3);

    // Refreshing the baseline keeps the old findings and adds the new one; fixed findings drop out.
    await writeFile(join(dir, 'a.txt'), 'inserted\nfine\nthis is BAD\nnew BAD thing\n');
    const refresh = await paved(['scan', 'fake-lines', '--baseline', 'base.json', '--write-baseline', 'base.json']);
    expect(refresh.code).toBe(0);
    const refreshed = JSON.parse(await readFile(join(dir, 'base.json'), 'utf8'));
    expect(refreshed.entries.map((e: { ruleId: string; file: string }) => `${e.file} ${e.ruleId}`)).toEqual(['a.txt fake.bad', 'a.txt fake.bad', 'b.txt fake.bad']);
    await writeFile(join(dir, 'a.txt'), 'fine\nthis is BAD\nthis is WEAK\n');
  });

  it('explains a malformed baseline with the file and the problem', async () => {
    await writeFile(join(dir, 'broken.json'), JSON.stringify({ version: 1, created: 'x', entries: [{ fingerprint: 7 }] }));
    const r = await paved(['scan', 'fake-lines', '--baseline', 'broken.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('baseline broken.json is not a Paved baseline file');
    expect(r.err).toContain('broken.json: entries[0].fingerprint');
  });

  it('draws a progress bar on stderr only when stderr is a terminal', async () => {
    const tty = await paved(['scan', 'fake-lines', '--fail-on', 'none'], { stderrTTY: true });
    expect(tty.err).toContain('fake-lines [########################] 2/2');
    expect(tty.err.endsWith('\r\x1b[K')).toBe(true);
    const pipe = await paved(['scan', 'fake-lines', '--fail-on', 'none']);
    expect(pipe.err).toBe('');
  });

  it('answers usage errors with exit 2', async () => {
    const unknown = await paved(['scan', '--scanners', 'fake-lines,nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown scanner nope; known scanners: .*fake-lines, fake-crash/);
    expect((await paved(['scan', 'fake-lines', '--format', 'xml'])).err).toContain('--format must be one of table, json, sarif, junit');
    expect((await paved(['scan', 'fake-lines', '--fail-on', 'severe'])).code).toBe(2);
    expect((await paved(['scan', 'fake-lines', 'no-such-dir'])).err).toContain("path 'no-such-dir' does not exist");
    expect((await paved(['scan', 'fake-lines', '--scanners', 'fake-crash'])).code).toBe(2);
    expect((await paved(['scan', 'fake-lines', '--bogus'])).code).toBe(2);
    expect((await paved(['scan', 'fake-lines', 'a', 'b'])).err).toContain('expected at most one path');
  });

  it('documents scanners, their options and exit codes in --help', async () => {
    const main = await paved(['scan', '--help']);
    expect(main.code).toBe(0);
    expect(main.out).toContain('fake-lines  Flags lines containing BAD or WEAK');
    expect(main.out).toContain('Options of the fake-lines scanner:');
    expect(main.out).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
    const sub = await paved(['scan', 'fake-crash', '--help']);
    expect(sub.out).toContain('Usage: paved scan fake-crash [path] [options]');
    expect(sub.out).not.toContain('--scanners <value>');
  });
});

describe('scanner options', () => {
  it('the registered scanners declare no clashing options', () => {
    expect(() => scanCommandLine(scannerTable)).not.toThrow();
  });

  it('rejects a scanner option that clashes with paved scan or with another scanner', () => {
    const entry = (id: string, options: ScannerEntry['options']): ScannerEntry => ({ id, description: id, options, load: async () => linesScanner });
    expect(() => scanCommandLine([entry('x', { format: { type: 'string', description: '' } })])).toThrow('scanner x declares option --format');
    expect(() =>
      scanCommandLine([entry('x', { config: { type: 'string', description: '' } }), entry('y', { config: { type: 'boolean', description: '' } })]),
    ).toThrow('scanners x and y declare option --config with different types');
    const shared = scanCommandLine([entry('x', { config: { type: 'string', description: '' } }), entry('y', { config: { type: 'string', description: '' } })]);
    expect(shared.owners.get('config')).toEqual(['x', 'y']);
  });
});
