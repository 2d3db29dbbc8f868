// In-process command runner for tests: captured stdout/stderr, no TTY, no colour.
import { PassThrough } from 'node:stream';
import type { CommandIO } from '../../cli/command.js';
import { runCli } from '../../cli/run.js';

export async function runPaved(argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const input = new PassThrough();
  input.end(stdin);
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const io: CommandIO = { stdout: out, stderr: err, stdin: input, env: {}, cwd: process.cwd(), isTTY: false, color: false };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
