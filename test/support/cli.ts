// Runs `paved …` in-process with captured output, as a user's terminal would see it (no colours).
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function paved(args: string[], env: NodeJS.ProcessEnv = {}, stdin = ''): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runCli(args, {
    stdout,
    stderr,
    stdin: Readable.from([stdin]),
    env,
    cwd: process.cwd(),
    isTTY: false,
    color: false,
  });
  return { code, stdout: out, stderr: err };
}
