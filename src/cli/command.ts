// The contract every CLI command implements. Commands are plain async functions of their context,
// so tests call them in-process with captured streams instead of spawning a process.
import type { Readable, Writable } from 'node:stream';

export interface CommandIO {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** True when stdout is a terminal: tables may be coloured and progress bars drawn. */
  isTTY: boolean;
  /** Colour only on a TTY and never with NO_COLOR. */
  color: boolean;
}

export interface Command {
  /** Words after `paved`, e.g. `['audit', 'verify']`. */
  name: string[];
  summary: string;
  /** Full `paved <cmd> --help` text: usage, options and exit codes. */
  help: string;
  run(args: string[], io: CommandIO): Promise<number>;
}

/** Exit codes shared by every command; a command may add its own (documented in its help). */
export const ExitCode = {
  ok: 0,
  /** The command ran and found a problem (findings over the threshold, a tampered audit log, …). */
  failure: 1,
  usage: 2,
  /** The server answered with an error or could not be reached. */
  server: 3,
  unauthenticated: 4,
  internal: 70,
} as const;

export function ioFromProcess(): CommandIO {
  const isTTY = Boolean(process.stdout.isTTY);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    isTTY,
    color: isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
  };
}
