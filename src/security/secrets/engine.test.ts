// Behaviour of the engine and the directory scan that users notice: placeholders, inline allows,
// .pavedignore, redaction, stable fingerprints, AWS pairing, encoded secrets, skipped files.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SecretEngine } from './engine.js';
import { builtinDetectors } from './detectors/index.js';
import { scanText, secretsScanner, redact } from './index.js';
import { checksummed, seeded, chars, b64Chars, alnum } from './testing/random.js';
import { remove, tempDir, write } from './testing/git-fixture.js';
import { parseIgnoreFile } from './ignore-file.js';

const rng = seeded(9);
const engine = new SecretEngine({ detectors: builtinDetectors });
const scan = (text: string, file = 'src/a.ts') => engine.scan(text, { file });
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) remove(d);
});

describe('false-alarm control', () => {
  it('ignores documentation examples and templates', () => {
    for (const text of [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'api_key = "${API_KEY}"',
      'token: "{{ .Values.token }}"',
      'password = "<your-token>"',
      'secret = "your_api_key_here"',
      'password: changeme',
      'token = "aaaaaaaaaaaaaaaaaaaaaaaa"',
      'secret_key = "abcdefghijklmnopqrstuvwx"',
      'DATABASE_URL=postgres://user:password@localhost:5432/app',
    ]) {
      expect(scan(text), text).toEqual([]);
    }
  });

  it('honours paved:allow on the same line or the line before, with its reason', () => {
    const token = checksummed(rng, 'ghp_');
    const [same] = scan(`const t = "${token}"; // paved:allow rotated 2025-01, test fixture`);
    expect(same!.inlineAllow).toBe('rotated 2025-01, test fixture');
    const [before] = scan(`# paved:allow\nconst t = "${token}";`);
    expect(before!.inlineAllow).toBe('marked with an inline allow comment');
    const [far] = scan(`# paved:allow\n\nconst t = "${token}";`);
    expect(far!.inlineAllow).toBeUndefined();
  });

  it('skips lockfiles and minified bundles by default', async () => {
    const token = checksummed(rng, 'ghp_');
    expect(await scanText('web/package-lock.json', `"${token}"`)).toEqual([]);
    expect(await scanText('dist/app.min.js', `"${token}"`)).toEqual([]);
    expect(await scanText('dist/app.js', `"${token}"`)).toHaveLength(1);
  });
});

describe('findings', () => {
  it('redacts to the first four characters and the length unless no-redact', async () => {
    const token = checksummed(rng, 'npm_');
    const [f] = await scanText('ci.env', `NPM_TOKEN=${token}\n`);
    expect(f!.message).toBe(`npm access token: ${token.slice(0, 4)}… (40 chars)`);
    expect(JSON.stringify(f)).not.toContain(token);
    expect(redact(token)).toBe(`${token.slice(0, 4)}… (40 chars)`);
    const [plain] = await scanText('ci.env', `NPM_TOKEN=${token}\n`, { noRedact: true });
    expect(plain!.properties!.secret).toBe(token);
  });

  it('keeps the fingerprint when lines move, and changes it for another file or secret', async () => {
    const token = checksummed(rng, 'ghp_');
    const [a] = await scanText('x.ts', `const t = "${token}";`);
    const [b] = await scanText('x.ts', `\n\n\nconst t = "${token}";`);
    const [c] = await scanText('y.ts', `const t = "${token}";`);
    expect(b!.line).toBe(4);
    expect(a!.fingerprint).toBe(b!.fingerprint);
    expect(a!.fingerprint).not.toBe(c!.fingerprint);
  });

  it('pairs an AWS key id with a nearby secret key and raises it to critical', () => {
    const id = 'AKIA' + chars(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
    const secret = chars(rng, alnum, 38) + '7/';
    const hits = scan(`[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`);
    const key = hits.find((h) => h.ruleId === 'aws-access-key-id')!;
    expect(key.severity).toBe('critical');
    expect(key.properties!.pairedWith).toEqual({ ruleId: 'aws-secret-access-key', line: 3 });
    const alone = scan(`aws_access_key_id = ${id}\n`);
    expect(alone[0]!.severity).toBe('high');
  });

  it('decodes base64 and hex blobs and reports the decoded secret at the blob', () => {
    const token = checksummed(rng, 'ghp_');
    const encoded = Buffer.from(`GITHUB_TOKEN=${token}\n`).toString('base64');
    const hits = scan(`line one\nconfig: ${encoded}\n`);
    expect(hits).toMatchObject([{ ruleId: 'github-classic-pat', secret: token, line: 2, properties: { encoding: 'base64' } }]);
    const hex = Buffer.from(`token ${token}`).toString('hex');
    expect(scan(`blob = "${hex}"`)).toMatchObject([{ ruleId: 'github-classic-pat', properties: { encoding: 'hex' } }]);
    const twice = Buffer.from(Buffer.from(`x ${token}`).toString('base64')).toString('base64');
    expect(scan(`v: ${twice}`)).toMatchObject([{ ruleId: 'github-classic-pat', properties: { encoding: 'base64+base64' } }]);
  });

  it('reports encrypted private keys with medium severity', () => {
    const body = Array.from({ length: 10 }, () => chars(rng, b64Chars, 64)).join('\n');
    const [hit] = scan(`-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF\n\n${body}\n-----END RSA PRIVATE KEY-----\n`);
    expect(hit).toMatchObject({ ruleId: 'private-key-rsa', severity: 'medium', properties: { encrypted: true } });
  });
});

describe('directory scan', () => {
  it('scans a tree, skips binaries and large files with notes, honours .pavedignore', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const ignored = checksummed(rng, 'ghp_');
    const reported = checksummed(rng, 'gho_');
    write(dir, 'src/a.ts', `export const a = "${reported}";\n`);
    write(dir, 'src/b.ts', `export const b = "${ignored}";\n`);
    writeFileSync(join(dir, 'logo.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0, 0]), Buffer.from(checksummed(rng, 'ghs_'))]));
    write(dir, 'big.log', `${checksummed(rng, 'ghu_')}\n`.padEnd(3 * 1024 * 1024, 'x'));
    const first = await secretsScanner.scan({ root: dir, options: { 'max-file-size': '1MB' } });
    const fp = first.findings.find((f) => f.file === 'src/b.ts')!.fingerprint;
    write(dir, '.pavedignore', `# accepted\n${fp}  # test token, revoked\n`);
    const result = await secretsScanner.scan({ root: dir, options: { 'max-file-size': '1MB' } });
    expect(result.findings.map((f) => [f.file, f.ruleId, f.suppressed?.source])).toEqual([
      ['src/a.ts', 'github-oauth-token', undefined],
      ['src/b.ts', 'github-classic-pat', 'ignore-file'],
    ]);
    expect(result.findings[1]!.suppressed!.reason).toBe('test token, revoked');
    expect(result.notes).toContain('skipped 1 binary file');
    expect(result.notes!.join('\n')).toMatch(/skipped 1 file over 1 MB: big\.log/);
    expect(result.rules.length).toBeGreaterThanOrEqual(60);
  });

  it('rejects a malformed .pavedignore line with its location', () => {
    expect(() => parseIgnoreFile('abc\n', '.pavedignore')).toThrow(/\.pavedignore:1: expected a 32-character hex fingerprint/);
  });
});

describe('worker threads', () => {
  // Worker threads need the compiled worker file, so this runs the built scanner (`npm test` builds first).
  const built = new URL('../../../dist/src/security/secrets/scanner.js', import.meta.url);
  it.skipIf(!existsSync(built))('finds the same secrets with workers as in-process', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const expected: string[] = [];
    for (let i = 0; i < 450; i++) {
      const secret = i % 45 === 0 ? checksummed(rng, 'ghp_') : '';
      if (secret) expected.push(`f${i}.ts`);
      write(dir, `d${i % 7}/f${i}.ts`, `export const v${i} = ${i};\n${secret ? `const t = "${secret}";\n` : ''}`);
    }
    const { secretsScanner: builtScanner } = (await import(built.href)) as typeof import('./scanner.js');
    const threaded = await builtScanner.scan({ root: dir, options: { threads: '2' } });
    const single = await builtScanner.scan({ root: dir, options: { threads: '1' } });
    expect(threaded.findings.map((f) => f.file.split('/')[1]).sort()).toEqual(expected.sort());
    expect(threaded.findings).toEqual(single.findings);
    expect(threaded.scanned).toBe(450);
  });
});
