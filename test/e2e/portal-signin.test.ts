// The portal end to end in real headless Chromium (the Debian package, driven by playwright-core) against a
// real Paved server on an embedded database: sign in with the bootstrap token, create a group and a user,
// add the user to the group, give her an API token, write a Cedar policy (and see the token gain exactly
// those rights) and see Cedar reject a bad one, browse and verify the audit log,
// use the phone layout, sign out, and sign in as the new user with a password to see the policy at work.
// Pages are checked with axe-core against WCAG 2.1 A/AA. Screenshots go to test-artifacts/portal/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(repoRoot, 'test-artifacts', 'portal');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const chromiumPath = process.env.PAVED_CHROMIUM ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('portal in Chromium', () => {
  let server: RunningServer;
  let base: string;
  let bootstrapToken: string;
  let aliceToken = '';
  let home: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  // Full-page shots from the top (so the sticky header sits where a user sees it), with secrets blacked out.
  const shot = async (name: string, secrets: Locator[] = []) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true, mask: secrets });
  };
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  const bearer = (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${aliceToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  /** WCAG 2.1 A/AA violations that axe-core finds on the current page, as readable lines. */
  const accessibilityViolations = async (): Promise<string[]> => {
    // Evaluated through the debugging protocol, which the page's Content-Security-Policy does not block
    // (a <script> tag would be, rightly: the portal allows only its own scripts).
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
    return page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
    });
  };
  const label = (text: string) => page.getByLabel(text, { exact: true });
  const nav = (name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true });

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'dist', 'web', 'index.html'))) {
      throw new Error('dist/web/index.html is missing: build the portal first (`npm test` does it through scripts/ensure.mjs --build, or run `npm run build`)');
    }
    if (!existsSync(chromiumPath)) {
      throw new Error(`Chromium not found at ${chromiumPath}: install the Debian package (apt-get install -y chromium) or set PAVED_CHROMIUM`);
    }
    mkdirSync(artifacts, { recursive: true });
    home = mkdtempSync(join(tmpdir(), 'paved-portal-home-'));
    profile = mkdtempSync(join(tmpdir(), 'paved-portal-chromium-'));
    server = await startServer({
      env: {},
      overrides: { home, port: 0, host: '127.0.0.1', logLevel: 'silent', demo: false },
    });
    if (!server.bootstrap) throw new Error('a fresh home must print a bootstrap token');
    bootstrapToken = server.bootstrap.token;
    // The server names itself `localhost`; use the address it listens on so the browser does not try ::1.
    const url = new URL(server.url);
    url.hostname = '127.0.0.1';
    base = url.origin;
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1280, height: 860 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    // Fail a step within seconds when an element never appears, instead of at the test timeout.
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The first start migrates a fresh embedded database and launches a browser: slow on a busy 2-core CI box.
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await server?.close();
    for (const dir of [home, profile]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends a signed-out visitor to the sign-in page and rejects a wrong token', async () => {
    await page.goto(`${base}/admin/users`);
    await expect(heading('Sign in to Paved').waitFor()).resolves.toBeUndefined();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/users');
    // Landmarks and labels are what the assertions find the page by.
    expect(await page.getByRole('main').count()).toBe(1);
    await expect(label('Username').isVisible()).resolves.toBe(true);
    await shot('01-sign-in');
    expect(await accessibilityViolations()).toEqual([]);

    await page.getByLabel('An API token').check();
    await label('API token').fill('pvd_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Sign-in failed' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/401/);
    await shot('02-sign-in-error');
    expect(await accessibilityViolations()).toEqual([]);
  });

  it('signs in with the bootstrap token and returns to the page asked for', async () => {
    await label('API token').fill(bootstrapToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Users').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    await page.getByRole('rowheader', { name: 'admin', exact: true }).waitFor();
    await expect(page.getByRole('button', { name: /admin.*account menu/ }).isVisible()).resolves.toBe(true);
    await shot('03-users');
    expect(await accessibilityViolations()).toEqual([]);
  });

  it('creates a group, and explains a duplicate name', async () => {
    await nav('Groups').click();
    await heading('Groups').waitFor();
    await page.getByRole('link', { name: 'New group' }).click();
    await heading('New group').waitFor();
    await label('Name').fill('payments');
    await label('Description (optional)').fill('The payments team');
    await page.getByRole('button', { name: 'Create group' }).click();
    await heading('Group payments').waitFor();
    await page.getByRole('status').filter({ hasText: 'Group payments created.' }).waitFor();
    await label('Group description (optional)').fill('Payments and billing');
    await page.getByRole('button', { name: 'Save description' }).click();
    await page.getByRole('status').filter({ hasText: 'Description of payments saved.' }).waitFor();
    await page.locator('.page-description').filter({ hasText: 'Payments and billing' }).waitFor();
    await shot('04-group-created');

    await nav('Groups').click();
    await page.getByRole('link', { name: 'payments', exact: true }).waitFor();
    await page.getByRole('link', { name: 'New group' }).click();
    await label('Name').fill('payments');
    await page.getByRole('button', { name: 'Create group' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not create the group' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/409/);
    await shot('05-group-duplicate');
  });

  it('creates a user with a password and adds them to the group', async () => {
    await nav('Users').click();
    await page.getByRole('link', { name: 'New user' }).click();
    await heading('New user').waitFor();
    await label('Username').fill('alice');
    await label('Display name (optional)').fill('Alice Example');
    await label('Email (optional)').fill('alice@example.com');
    await label('Password (optional)').fill('correct-horse-battery');
    await page.getByRole('button', { name: 'Create user' }).click();
    await heading('Users').waitFor();
    await page.getByRole('status').filter({ hasText: 'User alice created.' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'alice', exact: true }) });
    expect(await row.textContent()).toContain('Alice Example');
    await shot('06-user-created');

    await nav('Groups').click();
    await page.getByRole('link', { name: 'payments', exact: true }).click();
    await heading('Group payments').waitFor();
    await label('Kind').selectOption('user');
    await label('Name').fill('alice');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('status').filter({ hasText: 'Added user alice to payments.' }).waitFor();
    await page.getByRole('rowheader', { name: 'alice', exact: true }).waitFor();
    await expect(page.getByRole('heading', { name: 'Members (1)' }).isVisible()).resolves.toBe(true);

    // A member that does not exist is refused with the server's explanation.
    await label('Name').fill('nobody');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('alert').filter({ hasText: 'Could not add the member' }).waitFor();
    await shot('07-group-members');
    expect(await accessibilityViolations()).toEqual([]);
  });

  it('creates an API token for the user and shows its secret once', async () => {
    await nav('Users').click();
    await page.getByRole('link', { name: 'alice', exact: true }).click();
    await heading('User alice').waitFor();
    expect(await page.locator('.facts').textContent()).toContain('payments');
    await label('Token description (optional)').fill('e2e');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = label('New API token');
    await secret.waitFor();
    aliceToken = await secret.inputValue();
    expect(aliceToken.length).toBeGreaterThan(20);
    await page.getByRole('rowheader', { name: new RegExp(`^${aliceToken.slice(0, 6)}`) }).waitFor();
    await shot('08-user-token', [secret]);
    expect(await accessibilityViolations()).toEqual([]);
    await page.getByRole('button', { name: 'Done' }).click();
    await secret.waitFor({ state: 'detached' });
    // Before any policy names her group, the token reads nothing (a denied read answers 404).
    expect((await bearer('GET', '/api/v1/iam/users')).status).toBe(404);
  });

  it('creates a service account owned by the group, with its own token', async () => {
    await nav('Service accounts').click();
    await heading('Service accounts').waitFor();
    await page.getByRole('link', { name: 'New service account' }).click();
    await label('Name').fill('ci-deployer');
    await label('Owning group (optional)').fill('payments');
    await page.getByRole('button', { name: 'Create service account' }).click();
    await heading('Service account ci-deployer').waitFor();
    await page.getByRole('link', { name: 'payments', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = label('New API token');
    await secret.waitFor();
    const token = await secret.inputValue();
    const whoami = await fetch(`${base}/api/v1/iam/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(await whoami.json()).toMatchObject({ type: 'service', name: 'ci-deployer' });
    await shot('09-service-account', [secret]);
  });

  it('saves a Cedar policy and shows Cedar errors for a bad one without saving it', async () => {
    await nav('Policies').click();
    await heading('Policies').waitFor();
    await page.getByRole('rowheader', { name: 'builtin-admins' }).waitFor();
    await page.getByRole('link', { name: 'New policy' }).click();
    await heading('New policy').waitFor();
    const good = 'permit (principal in Paved::Group::"payments", action in Paved::Action::"read", resource);';
    await label('Policy id').fill('payments-read');
    await label('Description (optional)').fill('payments may read');
    await label('Cedar policy').fill(good);
    await page.getByRole('button', { name: 'Create policy' }).click();
    await heading('Policy payments-read').waitFor();
    await page.getByRole('status').filter({ hasText: 'Policy payments-read saved.' }).waitFor();
    // The policy applies at once: alice's token may now read, and still not write.
    expect((await bearer('GET', '/api/v1/iam/users')).status).toBe(200);
    expect((await bearer('POST', '/api/v1/iam/groups', { name: 'not-allowed' })).status).toBe(403);

    const editor = label('Cedar policy');
    await editor.fill('permit (principal in Paved::Group::"payments", action == Paved::Action::"no-such-action", resource);');
    await page.getByRole('button', { name: 'Save policy' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The policy was not saved' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/400/);
    expect(await alert.getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    await shot('10-policy-cedar-error');
    expect(await accessibilityViolations()).toEqual([]);

    // Nothing changed on the server: a fresh load shows the policy as saved.
    await page.reload();
    await heading('Policy payments-read').waitFor();
    await expect(label('Cedar policy').inputValue()).resolves.toBe(good);
  });

  it('lists and filters the audit log', async () => {
    await nav('Audit log').click();
    await heading('Audit log').waitFor();
    await page.getByRole('table').waitFor();
    await label('Action').fill('iam:*');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'iam:*');
    await page.getByText(/matching the filters/).waitFor();
    const actions = await page.locator('tbody td[data-label="Action"]').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a.startsWith('iam:'))).toBe(true);
    await page.getByRole('button', { name: 'Verify the audit log' }).click();
    await page.getByRole('status').filter({ hasText: /^Intact: \d+ records/ }).waitFor();
    await shot('11-audit');
    expect(await accessibilityViolations()).toEqual([]);
  });

  it('is usable on a phone: the navigation folds behind a Menu button', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    onTestFinished(() => page.setViewportSize({ width: 1280, height: 860 }));
    await nav('Users').waitFor({ state: 'hidden' });
    const menu = page.getByRole('button', { name: 'Menu', exact: true });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await shot('12-phone-menu');
    expect(await accessibilityViolations()).toEqual([]);
    await nav('Users').click();
    await heading('Users').waitFor();
    await shot('13-phone-users');
    expect(await accessibilityViolations()).toEqual([]);
  });

  it('sends the user back to sign in when the session ends, then returns to the page', async () => {
    // The cookie disappearing is what an expired or revoked session looks like to the page: the next
    // request answers 401.
    await context.clearCookies();
    await nav('Groups').click();
    await heading('Sign in to Paved').waitFor();
    await page.getByRole('status').filter({ hasText: 'Your session has ended.' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/groups');
    await page.getByLabel('An API token').check();
    await label('API token').fill(bootstrapToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Groups').waitFor();
  });

  it('signs out, and the pages ask to sign in again', async () => {
    await page.getByRole('button', { name: /account menu/ }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in to Paved').waitFor();
    await page.getByText('You are signed out.').waitFor();
    await shot('15-signed-out');
    await page.goto(`${base}/admin/groups`);
    await heading('Sign in to Paved').waitFor();
    const whoami = await page.evaluate(async () => (await fetch('/api/v1/iam/whoami')).status);
    expect(whoami).toBe(401);
  });

  it('signs the new user in with a password; the policy lets her read users but not create them', async () => {
    await page.goto(`${base}/sign-in`);
    await label('Username').fill('alice');
    await label('Password').fill('correct-horse-battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Welcome, alice').waitFor();
    expect(await page.locator('.facts').textContent()).toContain('payments');
    // payments-read grants the "read" action group: listing users is a read ...
    await nav('Users').click();
    await page.getByRole('rowheader', { name: 'alice', exact: true }).waitFor();
    // ... creating one is a write, which Cedar denies (403 for a denied write).
    await page.getByRole('link', { name: 'New user' }).click();
    await label('Username').fill('mallory');
    await page.getByRole('button', { name: 'Create user' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not create the user' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/403/);
    await shot('16-alice-denied-write');
    expect(pageErrors).toEqual([]);
  });
  it('shows how long to wait when repeated failures lock an account', async () => {
    await page.getByRole('button', { name: /account menu/ }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in to Paved').waitFor();
    for (let attempt = 0; attempt < 5; attempt++) {
      const failed = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password: `wrong-${attempt}` }),
      });
      expect(failed.status).toBe(401);
    }
    await label('Username').fill('alice');
    await label('Password').fill('correct-horse-battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Sign-in failed' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/429.*Try again in 1 minute/s);
    await shot('17-locked-out');
  });

  it('can be used from the keyboard: the skip link comes first and leads to the content', async () => {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('An API token').check();
    await label('API token').fill(bootstrapToken);
    await label('API token').press('Enter');
    await heading(/^Welcome, admin/).waitFor();
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await shot('18-skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Tab from the content reaches the home page's first section link, not the navigation again.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
  });
});
