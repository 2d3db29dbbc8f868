// Entry point of the `paved` program.
import { ioFromProcess } from './command.js';
import { runCli } from './run.js';

const code = await runCli(process.argv.slice(2), ioFromProcess());
// Long-running commands (server) never resolve; the others set the exit code and let streams drain.
process.exitCode = code;
