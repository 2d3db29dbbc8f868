// `paved hooks install` / `paved hooks uninstall`.
import { resolve } from 'node:path';
import { ExitCode, type Command, type CommandIO } from '../../cli/command.js';
import { parse } from '../../cli/args.js';
import { printJson } from '../../cli/output.js';
import { UsageError } from '../../kernel/errors.js';
import { installHook, uninstallHook } from './hooks.js';

const installHelp = `Usage: paved hooks install [--repo DIR] [--chain | --force] [--json]

Installs a git pre-commit hook that runs \`paved scan secrets --staged\` and blocks a commit whose
staged changes contain a secret (bypass once with \`git commit --no-verify\`).

Options:
  --repo DIR   The repository (default: the current directory)
  --chain      Keep an existing pre-commit hook and run it before the secrets check
  --force      Replace an existing pre-commit hook (it is kept as pre-commit.paved-backup)
  --json       Print the result as JSON

Exit codes: 0 installed, 2 usage error or not a git repository, 1 an existing hook was left alone.
`;

const uninstallHelp = `Usage: paved hooks uninstall [--repo DIR] [--json]

Removes the pre-commit hook installed by \`paved hooks install\` and restores a chained previous hook.
A hook Paved did not install is left alone.

Exit codes: 0 removed, 1 no Paved hook to remove, 2 usage error.
`;

async function act(args: string[], io: CommandIO, install: boolean): Promise<number> {
  const { values, positionals, help } = parse(args, {
    repo: { type: 'string' },
    chain: { type: 'boolean' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  }, { allowPositionals: false });
  if (help) {
    io.stdout.write(install ? installHelp : uninstallHelp);
    return ExitCode.ok;
  }
  void positionals;
  if (values.chain && values.force) throw new UsageError('--chain and --force cannot be combined');
  if (!install && (values.chain || values.force)) throw new UsageError('--chain and --force only apply to install');
  const repo = resolve(io.cwd, values.repo ?? '.');
  try {
    const result = install ? await installHook(repo, { chain: values.chain === true, force: values.force === true }) : await uninstallHook(repo);
    if (values.json) printJson(io, result);
    else io.stdout.write(result.message + '\n');
    return ExitCode.ok;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'conflict' || code === 'not_found') {
      io.stderr.write(`paved hooks: ${(error as Error).message}\n`);
      return ExitCode.failure;
    }
    throw error;
  }
}

export const commands: Command[] = [
  { name: ['hooks', 'install'], summary: 'Install the pre-commit hook that blocks staged secrets', help: installHelp, run: (args, io) => act(args, io, true) },
  { name: ['hooks', 'uninstall'], summary: 'Remove the pre-commit secrets hook', help: uninstallHelp, run: (args, io) => act(args, io, false) },
];
