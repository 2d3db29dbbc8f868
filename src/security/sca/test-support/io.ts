// Test helper: a CommandIO that captures what a command prints.
import { PassThrough, Writable } from 'node:stream';
import type { CommandIO } from '../../../cli/command.js';

export function captureIo(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (chunk, _enc, done) => (into.push(String(chunk)), done()) });
  const io: CommandIO = { stdout: sink(out), stderr: sink(err), stdin: new PassThrough(), env, cwd, isTTY: false, color: false };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
