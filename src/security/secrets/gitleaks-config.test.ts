// gitleaks TOML configs: custom rules, extend/useDefault, allowlists, and clear errors.
import { afterEach, describe, expect, it } from 'vitest';
import { secretsScanner, scanText } from './index.js';
import { convertGoRegex } from './re2.js';
import { checksummed, seeded, chars, alnum } from './testing/random.js';
import { commit, initRepo, remove, tempDir, write } from './testing/git-fixture.js';

const rng = seeded(5);
const dirs: string[] = [];
const dir = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) remove(d);
});

const customRule = `
[[rules]]
id = "corp-api-key"
description = "Corp internal API key"
regex = '''(?i)corp[_-]?key\\s*=\\s*["']?(CORP-[A-Z0-9]{20})'''
secretGroup = 1
entropy = 3.0
keywords = ["corp"]
`;

describe('gitleaks config', () => {
  it('found at the scan root: its rules replace the defaults unless [extend] useDefault', async () => {
    const root = dir();
    write(root, '.gitleaks.toml', customRule);
    const key = 'CORP-' + chars(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 20);
    write(root, 'app.env', `CORP_KEY = "${key}"\nGH=${checksummed(rng, 'ghp_')}\n`);
    const only = await secretsScanner.scan({ root });
    expect(only.findings.map((f) => f.ruleId)).toEqual(['corp-api-key']);
    expect(only.notes!.join('\n')).toMatch(/using gitleaks config .*\.gitleaks\.toml \(1 rules\)/);

    write(root, '.gitleaks.toml', `[extend]\nuseDefault = true\ndisabledRules = ["jwt"]\n${customRule}`);
    const both = await secretsScanner.scan({ root });
    expect(both.findings.map((f) => f.ruleId).sort()).toEqual(['corp-api-key', 'github-classic-pat']);
    expect(both.rules.some((r) => r.id === 'jwt')).toBe(false);
  });

  it('applies global and per-rule allowlists: paths, regexes with regexTarget, stopwords, AND condition', async () => {
    const root = dir();
    const config = `${root}/custom.toml`;
    write(root, 'custom.toml', `[extend]
useDefault = true

[[allowlists]]
description = "generated fixtures"
paths = ['''^fixtures/''']

[[allowlists]]
regexTarget = "line"
regexes = ['''# known-test-token''']

${customRule}
[[rules.allowlists]]
stopwords = ["corp-test"]

[[rules.allowlists]]
condition = "AND"
paths = ['''\\.md$''']
regexes = ['''^CORP-DOC''']
`);
    const token = checksummed(rng, 'ghp_');
    const findings = async (file: string, text: string) => (await scanText(file, text, { config })).map((f) => f.ruleId);
    expect(await findings('fixtures/a.ts', `t = "${token}"`)).toEqual([]);
    expect(await findings('src/a.ts', `t = "${token}" # known-test-token`)).toEqual([]);
    expect(await findings('src/a.ts', `t = "${token}"`)).toEqual(['github-classic-pat']);
    expect(await findings('src/a.env', `corp_key = CORP-REAL${chars(rng, 'ABCDEFGHIJ0123456789', 16)}`)).toEqual(['corp-api-key']);
    expect(await findings('src/a.env', `corp_key = CORP-TEST${chars(rng, 'ABCDEFGHIJ0123456789', 16)}`)).toEqual([]);
    const doc = `corp_key = CORP-DOC${chars(rng, 'ABCDEFGHIJ0123456789', 17)}`;
    expect(await findings('README.md', doc)).toEqual([]);
    expect(await findings('src/a.env', doc)).toEqual(['corp-api-key']);
  });

  it('allowlists commits in history scans', async () => {
    const repo = initRepo();
    dirs.push(repo);
    const allowed = commit(repo, { 'a.txt': `t=${checksummed(rng, 'ghp_')}\n` }, 'known test token');
    commit(repo, { 'b.txt': `t=${checksummed(rng, 'npm_')}\n` }, 'real leak');
    write(repo, '.gitleaks.toml', `[extend]\nuseDefault = true\n[allowlist]\ncommits = ["${allowed.slice(0, 10)}"]\n`);
    const result = await secretsScanner.scan({ root: repo, options: { history: true } });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['npm-access-token']);
  });

  it('path-only rules flag the file itself', async () => {
    const root = dir();
    write(root, 'rules.toml', `[[rules]]\nid = "keystore-file"\ndescription = "Java keystore committed"\npath = '''\\.jks$'''\n`);
    write(root, 'certs/app.jks', 'binary-ish keystore text');
    write(root, 'certs/app.txt', 'nothing');
    const result = await secretsScanner.scan({ root, options: { config: `${root}/rules.toml` } });
    expect(result.findings.map((f) => [f.ruleId, f.file])).toEqual([['keystore-file', 'certs/app.jks']]);
  });

  it('reports bad TOML, bad fields and unconvertible regexes with the file and rule id', async () => {
    const root = dir();
    const run = (text: string) => {
      write(root, '.gitleaks.toml', text);
      return secretsScanner.scan({ root });
    };
    await expect(run('[[rules]\nid = "x"')).rejects.toThrow(/\.gitleaks\.toml(:\d+)?: invalid TOML/);
    await expect(run('[[rules]]\ndescription = "no id"\nregex = "a"')).rejects.toThrow(/rules\[0\]\.id: is required/);
    await expect(run(`[[rules]]\nid = "lazy"\nregex = '''(?U)a+'''`)).rejects.toThrow(/rules\[0\] \(id "lazy"\)\.regex: cannot convert .*\(\?U\) is not supported/);
    await expect(run(`[[rules]]\nid = "bad"\nregex = '''a(b'''`)).rejects.toThrow(/id "bad"\)\.regex: cannot convert/);
    await expect(run(`[[rules]]\nid = "e"\nregex = "a"\nentropy = "high"`)).rejects.toThrow(/id "e"\)\.entropy: must be a number/);
  });
});

describe('Go RE2 to JavaScript', () => {
  const js = (go: string) => {
    const { source, flags } = convertGoRegex(go);
    return new RegExp(source, flags);
  };
  it('converts inline and scoped flags, named groups, anchors, \\Q…\\E and POSIX classes', () => {
    expect(js('(?i)token').test('TOKEN')).toBe(true);
    const scoped = js('(?i:api)KEY');
    expect(scoped.test('ApIKEY')).toBe(true);
    expect(scoped.test('apikey')).toBe(false);
    const mid = js('key(?i)=abc');
    expect(mid.test('key=ABC')).toBe(true);
    expect(mid.test('KEY=abc')).toBe(false);
    expect(js('(?P<secret>[[:alnum:]]{4})').exec('x ab12')!.groups!.secret).toBe('ab12');
    expect(js('\\Qa.b\\E').test('axb')).toBe(false);
    expect(js('^abc\\z').test('abc')).toBe(true);
    expect(js('(?s)a.b').test('a\nb')).toBe(true);
    expect(js('(?i)[a-c]x').test('BX')).toBe(true);
    expect(js('(?i:[a-c])x').test('BX')).toBe(false);
    expect(js('(?i:[a-c])x').test('Bx')).toBe(true);
    void alnum;
  });
});
