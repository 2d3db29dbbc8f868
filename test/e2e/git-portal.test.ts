// The repositories section of the portal in headless Chromium: list, repository page with the rendered
// README (raw HTML in it is not rendered), the file browser, commits and the clone URL.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(repoRoot, 'test-artifacts', 'git-portal');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const chromiumPath = process.env.PAVED_CHROMIUM ?? '/usr/bin/chromium';

describe('repositories in the portal', () => {
  let server: RunningServer;
  let base: string;
  let token: string;
  let home: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const violations = async (): Promise<string[]> => {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
    return page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
    });
  };

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'dist', 'web', 'index.html'))) throw new Error('dist/web/index.html is missing: build the portal first (npm run build)');
    if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium, or set PAVED_CHROMIUM`);
    mkdirSync(artifacts, { recursive: true });
    home = mkdtempSync(join(tmpdir(), 'paved-git-portal-'));
    profile = mkdtempSync(join(tmpdir(), 'paved-git-portal-chromium-'));
    server = await startServer({ env: {}, overrides: { home, port: 0, host: '127.0.0.1', logLevel: 'silent', demo: false, rateLimit: 0 } });
    token = server.bootstrap!.token;
    const url = new URL(server.url);
    url.hostname = '127.0.0.1';
    base = url.origin;
    const post = async (path: string, body: unknown) => {
      const r = await fetch(base + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    };
    await post('/api/v1/iam/groups', { name: 'web' });
    await post('/api/v1/git/repos', { owner: 'web', name: 'shop', description: 'The shop front end', visibility: 'internal' });
    // Seed it with the real git client (asynchronously: the server answers in this same process).
    const work = join(home, 'work');
    const run = promisify(execFile);
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.invalid', '-c', 'credential.helper=', ...args], {
        cwd: work,
        env: { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
      });
    mkdirSync(join(work, 'src'), { recursive: true });
    writeFileSync(join(work, 'README.md'), '# Shop\n\nRun **npm start**.\n\n<script>window.pwned = true</script>\n');
    writeFileSync(join(work, 'src', 'app.ts'), 'export const shop = "open";\n');
    await git('init', '--quiet', '--initial-branch=main', '.');
    await git('add', '.');
    await git('commit', '--quiet', '-m', 'Initial shop');
    const remote = new URL(`${base}/git/web/shop.git`);
    remote.username = 'admin';
    remote.password = token;
    await git('push', '--quiet', remote.toString(), 'main');

    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await server?.close();
    for (const dir of [home, profile]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists repositories and shows one with its README, files, commits and clone URL', async () => {
    await page.goto(`${base}/repos`);
    await page.getByLabel('An API token').check();
    await page.getByLabel('API token', { exact: true }).fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Repositories' }).waitFor();
    await page.getByRole('link', { name: 'web/shop' }).waitFor();
    await page.screenshot({ path: join(artifacts, '01-repositories.png'), fullPage: true });
    expect(await violations()).toEqual([]);

    await page.getByRole('link', { name: 'web/shop' }).click();
    await page.getByRole('heading', { level: 1, name: 'web/shop' }).waitFor();
    const readme = page.getByTestId('readme');
    await readme.getByRole('heading', { name: 'Shop' }).waitFor();
    expect(await readme.locator('strong').textContent()).toBe('npm start');
    expect(await readme.locator('script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    expect(await page.getByTestId('clone-command').textContent()).toMatch(/^git clone http:\/\/.+\/git\/web\/shop\.git$/);
    await page.getByTestId('commits').getByText('Initial shop').waitFor();
    await page.screenshot({ path: join(artifacts, '02-repository.png'), fullPage: true });
    expect(await violations()).toEqual([]);

    await page.getByTestId('file-list').getByRole('button', { name: 'src/' }).click();
    await page.getByTestId('file-list').getByRole('button', { name: 'app.ts' }).click();
    expect(await page.getByTestId('file-content').textContent()).toBe('export const shop = "open";\n');
    expect(new URL(page.url()).searchParams.get('file')).toBe('src/app.ts');
    await page.screenshot({ path: join(artifacts, '03-file.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
