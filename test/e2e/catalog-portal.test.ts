// The catalog in the portal, in real headless Chromium (Debian package, playwright-core) against a real
// server with the demo organisation: sign in, search, open an entity, see its relations, edit it.
// Pages are checked with axe-core (WCAG 2.1 A/AA). Screenshots go to test-artifacts/catalog/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(repoRoot, 'test-artifacts', 'catalog');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const chromiumPath = process.env.PAVED_CHROMIUM ?? '/usr/bin/chromium';

describe('catalog in the portal', () => {
  let server: RunningServer;
  let base: string;
  let home: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  const violations = async (): Promise<string[]> => {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
    return page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => `${v.id} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
    });
  };

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'dist', 'web', 'index.html'))) throw new Error('dist/web/index.html is missing: run `npm run build` (npm test does it)');
    if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium, or set PAVED_CHROMIUM`);
    mkdirSync(artifacts, { recursive: true });
    home = mkdtempSync(join(tmpdir(), 'paved-catalog-portal-'));
    profile = mkdtempSync(join(tmpdir(), 'paved-catalog-chromium-'));
    server = await startServer({ env: {}, overrides: { home, port: 0, host: '127.0.0.1', logLevel: 'silent', demo: true } });
    const url = new URL(server.url);
    url.hostname = '127.0.0.1';
    base = url.origin;
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await server?.close();
    for (const dir of [home, profile]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('signs in and shows the demo organisation in the catalog table', async () => {
    await page.goto(`${base}/catalog`);
    await heading('Sign in to Paved').waitFor();
    await page.getByLabel('An API token').check();
    await page.getByLabel('API token', { exact: true }).fill(server.bootstrap!.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Catalog').waitFor();
    await page.getByRole('rowheader', { name: 'Payments service' }).waitFor();
    await shot('01-catalog');
    expect(await violations()).toEqual([]);
  });

  it('filters by kind and searches', async () => {
    await page.getByLabel('Kind').selectOption({ label: 'API (5)' });
    await page.getByRole('status').filter({ hasText: /^5 entities$/ }).waitFor();
    expect(await page.getByRole('rowheader', { name: 'Ledger API' }).count()).toBe(1);
    expect(await page.getByRole('rowheader', { name: 'Payments service' }).count()).toBe(0);
    await page.getByLabel('Kind').selectOption('');
    await page.getByLabel('Search').fill('ledger');
    await expect.poll(() => page.getByRole('rowheader', { name: 'Web shop' }).count(), { timeout: 20_000 }).toBe(0);
    expect(await page.getByRole('rowheader', { name: 'Ledger service' }).count()).toBe(1);
    await shot('02-search');
  });

  it('opens an entity and shows its relations both ways', async () => {
    await page.getByLabel('Search').fill('payments service');
    await expect.poll(() => page.getByRole('rowheader', { name: 'Ledger service' }).count(), { timeout: 20_000 }).toBe(0);
    await page.getByRole('link', { name: 'Payments service' }).click();
    await heading('Payments service').waitFor();
    const relations = page.getByRole('region', { name: 'Relations' });
    await relations.getByRole('link', { name: 'api:default/payments-api' }).first().waitFor();
    expect(await relations.getByText('owned by').count()).toBeGreaterThan(0);
    await expect(relations.getByRole('img', { name: 'Relations of payments-service' }).isVisible()).resolves.toBe(true);
    await shot('03-entity');
    expect(await violations()).toEqual([]);
    await relations.getByRole('link', { name: 'api:default/payments-api' }).first().click();
    await heading('Payments API').waitFor();
    await page.getByRole('region', { name: 'Relations' }).getByRole('link', { name: 'component:default/orders-service' }).first().waitFor();
  });

  it('edits an API-managed entity', async () => {
    await page.getByRole('link', { name: 'Edit' }).click();
    await heading('Edit payments-api').waitFor();
    const yaml = page.getByLabel('Entity YAML');
    const text = await yaml.inputValue();
    expect(text).toContain('name: payments-api');
    await yaml.fill(text.replace('description: Charge, capture and refund payments', 'description: Edited in the portal'));
    await page.getByRole('button', { name: 'Save' }).click();
    await heading('Payments API').waitFor();
    await page.getByText('Edited in the portal').first().waitFor();
    await shot('04-edited');
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Entity YAML').fill('kind: Component\nmetadata: {name: "bad name"}\n');
    await page.getByRole('button', { name: 'Save' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/400/);
    await shot('05-edit-error');
  });
});
