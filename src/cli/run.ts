// Dispatches argv to a command and turns every error into a message and an exit code.
// This is the one top-level error handler of the CLI.
import { ExitCode, type Command, type CommandIO } from './command.js';
import { commandTable } from './commands.js';
import { isPavedError, UsageError } from '../kernel/errors.js';
import { pavedVersion } from './version.js';

const topHelp = () => `Paved ${pavedVersion()}: the internal developer platform with security on every golden path.

Usage: paved <command> [options]

Commands:
${commandTable.map((g) => `  ${g.word.padEnd(12)}${g.summary}`).join('\n')}

Run \`paved <command> --help\` for the options of a command.

Server commands find the server from --url/--token, then PAVED_URL/PAVED_TOKEN, then \`paved login\`.

Exit codes (every command):
  0   success
  1   the command ran and found a problem (findings, failed verification)
  2   usage error (unknown command or option, bad argument)
  3   the server answered with an error or could not be reached
  4   not signed in or the token was refused
  70  internal error
`;

function groupHelp(word: string, commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.join(' ').length)) + 2;
  return `Usage: paved ${word} <command> [options]

Commands:
${commands.map((c) => `  ${c.name.join(' ').padEnd(width)}${c.summary}`).join('\n')}

Run \`paved ${word} <command> --help\` for details.
`;
}

/** Picks the command whose name is the longest prefix of argv. */
function match(commands: Command[], argv: string[]): { command: Command; rest: string[] } | undefined {
  let best: { command: Command; rest: string[] } | undefined;
  for (const command of commands) {
    const n = command.name.length;
    if (n <= argv.length && command.name.every((w, i) => argv[i] === w)) {
      if (!best || n > best.command.name.length) best = { command, rest: argv.slice(n) };
    }
  }
  return best;
}

export async function runCli(argv: string[], io: CommandIO): Promise<number> {
  try {
    const word = argv[0];
    if (!word || word === '--help' || word === '-h' || word === 'help') {
      io.stdout.write(topHelp());
      return word ? ExitCode.ok : ExitCode.usage;
    }
    if (word === '--version' || word === '-v') argv = ['version'];
    const group = commandTable.find((g) => g.word === argv[0]);
    if (!group) throw new UsageError(`unknown command '${argv[0]}'. Run \`paved --help\` for the list.`);
    const { commands } = await group.load();
    const found = match(commands, argv);
    if (!found) {
      const asksHelp = argv.length === 1 || argv.includes('--help') || argv.includes('-h');
      if (asksHelp) {
        io.stdout.write(groupHelp(group.word, commands));
        return argv.length === 1 ? ExitCode.usage : ExitCode.ok;
      }
      throw new UsageError(`unknown command 'paved ${argv.slice(0, 2).join(' ')}'. Run \`paved ${group.word} --help\`.`);
    }
    if (found.rest.includes('--help') || found.rest.includes('-h')) {
      io.stdout.write(found.command.help.trimEnd() + '\n');
      return ExitCode.ok;
    }
    return await found.command.run(found.rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

export function reportError(error: unknown, io: CommandIO): number {
  if (error instanceof UsageError) {
    io.stderr.write(`paved: ${error.message}\n`);
    return ExitCode.usage;
  }
  if (isPavedError(error)) {
    io.stderr.write(`paved: ${error.message}\n`);
    for (const d of error.details) io.stderr.write(`  ${d.path ? d.path + ': ' : ''}${d.message}\n`);
    if (error.status === 401) return ExitCode.unauthenticated;
    if (error.status === 400) return ExitCode.usage;
    return (error as { exitCode?: number }).exitCode ?? ExitCode.server;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`paved: internal error: ${message}\n`);
  if (io.env.PAVED_DEBUG && error instanceof Error && error.stack) io.stderr.write(error.stack + '\n');
  return ExitCode.internal;
}
