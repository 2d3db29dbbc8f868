// Where the offline vulnerability database lives: --db DIR, else $PAVED_HOME/vulndb, else ./.paved/vulndb.
// Only the CLI layer calls this (it owns the environment); the library takes explicit paths.
import { join, resolve } from 'node:path';

export function vulnDbDir(explicit: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  if (explicit) return resolve(cwd, explicit);
  if (env.PAVED_HOME) return join(resolve(cwd, env.PAVED_HOME), 'vulndb');
  return join(cwd, '.paved', 'vulndb');
}
