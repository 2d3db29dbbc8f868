// `paved iam check-access-not-granted` and `paved iam check-no-new-access`.
import type { Command, CommandIO } from '../../cli/command.js';
import { parse } from '../../cli/args.js';
import { paint, printJson } from '../../cli/output.js';
import { UsageError } from '../../kernel/errors.js';
import { checkAccessNotGranted, checkNoNewAccess } from './check.js';
import { loadPolicies } from './load.js';
import type { CheckResult } from './model.js';
import { normalizePolicies } from './policy.js';

const exitCodes = `Exit codes: 0 PASS; 1 FAIL; 2 bad input (unreadable or malformed policy, usage error).`;

function print(io: CommandIO, result: CheckResult, json: boolean): number {
  if (json) printJson(io, result);
  else {
    io.stdout.write(`${paint(io, result.result === 'PASS' ? 'green' : 'red', result.result)}: ${result.message}\n`);
    for (const r of result.reasons) io.stdout.write(`  - [statement ${r.statementIndex}] ${r.description}\n`);
  }
  return result.result === 'PASS' ? 0 : 1;
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

const accessNotGranted: Command = {
  name: ['iam', 'check-access-not-granted'],
  summary: 'Check that a policy does not allow any of the given actions',
  help: `Usage: paved iam check-access-not-granted --policy FILE --actions a,b[,…] [--resources arn,…] [--resource ID] [--json]

Checks that the policy (a JSON/YAML policy document, or every IAM policy of a CloudFormation template:
AWS::IAM::Policy, ManagedPolicy and the inline Policies of Role/User/Group) grants none of the actions,
on any resource or on the given resource ARNs. Wildcards * and ? are understood in actions and ARNs.
An Allow whose conditions might hold counts as granting. --resource restricts a template to one resource.

Output: {result: PASS|FAIL, message, reasons: [{description, statementIndex, policy}]} with --json.

${exitCodes}`,
  async run(args, io) {
    const { values } = parse(args, {
      policy: { type: 'string' },
      actions: { type: 'string' },
      resources: { type: 'string' },
      resource: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!values.policy) throw new UsageError('give the policy with --policy FILE');
    const actions = list(values.actions);
    if (!actions.length) throw new UsageError('give the actions with --actions a,b');
    for (const a of actions) if (!/^[\w*?-]+:[\w*?-]+$/.test(a) && a !== '*') throw new UsageError(`--actions: '${a}' is not an action (service:Action)`);
    const sources = await loadPolicies(values.policy, values.resource);
    const statements = normalizePolicies(sources, (effect) => (effect === 'Allow' ? 'wide' : 'narrow'));
    return print(io, checkAccessNotGranted(statements, actions, list(values.resources)), Boolean(values.json));
  },
};

const noNewAccess: Command = {
  name: ['iam', 'check-no-new-access'],
  summary: 'Check that a new policy allows nothing the existing (reference) policy does not',
  help: `Usage: paved iam check-no-new-access --new FILE --existing FILE [--new-resource ID] [--existing-resource ID] [--json]

Compares the new policy with the existing (or a reference) policy. Each file is a JSON/YAML policy
document or a CloudFormation template (all its IAM policies, or the one resource named by
--new-resource/--existing-resource). FAIL when any Allow of the new policy may grant access the
existing policy does not: new actions or resources, access the existing policy denies, or a condition
that was removed or widened. Conditions the checker cannot prove equivalent count as new access.

Output: {result: PASS|FAIL, message, reasons: [{description, statementIndex, policy}]} with --json.

${exitCodes}`,
  async run(args, io) {
    const { values } = parse(args, {
      new: { type: 'string' },
      existing: { type: 'string' },
      'new-resource': { type: 'string' },
      'existing-resource': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!values.new || !values.existing) throw new UsageError('give both --new FILE and --existing FILE');
    // Unknown (computed) values: the new policy may grant more, the existing one is relied on for less.
    const added = normalizePolicies(await loadPolicies(values.new, values['new-resource']), (e) => (e === 'Allow' ? 'wide' : 'narrow'));
    const existing = normalizePolicies(await loadPolicies(values.existing, values['existing-resource']), (e) => (e === 'Allow' ? 'narrow' : 'wide'));
    return print(io, checkNoNewAccess(added, existing), Boolean(values.json));
  },
};

export const commands: Command[] = [accessNotGranted, noNewAccess];
