// Paved's pre-receive hook: runs inside `git receive-pack` (started by `git http-backend`, started by
// the Paved server) before any ref moves, with the pushed objects still in quarantine. It enforces
// branch protection and the secrets check; printing to stderr shows as `remote:` lines in the client,
// and a non-zero exit rejects the whole push. Plain JavaScript so it runs without a build step.
//
// Environment set by the server (see src/git/smart-http.ts):
//   PAVED_PROTECTION       JSON [{pattern, allowForcePush, allowDeletion}]
//   PAVED_SECRETS_MODULE   absolute path of the built secrets scanner (exports scanPush)
//   PAVED_OVERRIDES        JSON [{id, hash}]: sha256 of the one-time override tokens still usable
//   PAVED_REPORT_FILE      where to write what happened, for the server's audit record
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const ZERO = /^0+$/;
const report = { rejected: null, override: null, findings: [] };

function say(line = '') {
  process.stderr.write(`${line}\n`);
}

function finish(code) {
  if (process.env.PAVED_REPORT_FILE) {
    try {
      writeFileSync(process.env.PAVED_REPORT_FILE, JSON.stringify(report));
    } catch {
      // the push decision stands without the report
    }
  }
  process.exit(code);
}

function reject(reason, lines = []) {
  report.rejected = reason;
  say(`Paved: push rejected: ${reason}`);
  for (const l of lines) say(`  ${l}`);
  finish(1);
}

/** `main`, `release/*` (one segment), `feature/**` (any depth). */
export function globToRegExp(pattern) {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function ruleFor(rules, branch) {
  return rules.find((r) => globToRegExp(r.pattern).test(branch));
}

function isAncestor(older, newer) {
  const r = spawnSync('git', ['merge-base', '--is-ancestor', older, newer], { env: process.env });
  return r.status === 0;
}

function pushOptions() {
  const count = Number(process.env.GIT_PUSH_OPTION_COUNT ?? 0);
  const options = [];
  for (let i = 0; i < count; i++) options.push(process.env[`GIT_PUSH_OPTION_${i}`] ?? '');
  return options;
}

async function readUpdates() {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  return input
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [before, after, ref] = line.split(' ');
      return { before, after, ref };
    });
}

async function main() {
  const updates = await readUpdates();
  const rules = JSON.parse(process.env.PAVED_PROTECTION || '[]');

  // 1. Branch protection.
  for (const u of updates) {
    if (!u.ref.startsWith('refs/heads/')) continue;
    const branch = u.ref.slice('refs/heads/'.length);
    const rule = ruleFor(rules, branch);
    if (!rule) continue;
    if (ZERO.test(u.after) && !rule.allowDeletion) {
      reject(`branch ${branch} is protected (rule "${rule.pattern}"): it cannot be deleted`);
    }
    if (!ZERO.test(u.before) && !ZERO.test(u.after) && !rule.allowForcePush && !isAncestor(u.before, u.after)) {
      reject(`branch ${branch} is protected (rule "${rule.pattern}"): force-pushes that rewrite its history are not allowed`, [
        'Fetch, rebase or merge onto the current tip, and push again.',
      ]);
    }
  }

  // 2. The secrets check over the commits this push adds.
  const scanned = updates.filter((u) => !ZERO.test(u.after));
  if (scanned.length === 0) finish(0);
  const modulePath = process.env.PAVED_SECRETS_MODULE;
  if (!modulePath) reject('the secrets check is not configured on this server');
  let scanPush;
  try {
    ({ scanPush } = await import(pathToFileURL(modulePath).href));
  } catch (error) {
    reject(`the secrets check could not start (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  const findings = (await scanPush({ repoPath: process.cwd(), updates: scanned, env: process.env })).filter((f) => !f.suppressed);
  report.findings = findings.map((f) => ({ file: f.file, line: f.line, ruleId: f.ruleId, commit: f.properties?.commit ?? null }));

  const overrideToken = pushOptions()
    .filter((o) => o.startsWith('paved-override='))
    .map((o) => o.slice('paved-override='.length))[0];
  let override = null;
  if (overrideToken !== undefined) {
    const hash = createHash('sha256').update(overrideToken).digest('hex');
    override = JSON.parse(process.env.PAVED_OVERRIDES || '[]').find((o) => o.hash === hash) ?? null;
    if (!override) reject('the paved-override token is not valid here (unknown, used, expired or for another repository)');
  }

  if (findings.length === 0) finish(0);
  const lines = findings.map((f) => {
    const commit = f.properties?.commit ? ` (commit ${String(f.properties.commit).slice(0, 12)})` : '';
    return `${f.file}:${f.line}  ${f.ruleId}  ${f.message.split(' (introduced')[0]}${commit}`;
  });
  if (override) {
    report.override = override.id;
    say(`Paved: ${findings.length} secret finding(s) accepted by override ${override.id}:`);
    for (const l of lines) say(`  ${l}`);
    finish(0);
  }
  reject(`${findings.length} secret(s) found in the pushed commits`, [
    ...lines,
    'Remove the secret from the commits (rewrite them, e.g. git commit --amend or git rebase -i), rotate it, and push again.',
    'If this is a false positive, an admin can allow one push: POST /api/v1/git/repos/OWNER/NAME/push-overrides, then git push -o paved-override=TOKEN.',
  ]);
}

main().catch((error) => {
  reject(`the push check failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
});
