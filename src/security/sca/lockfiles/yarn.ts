// yarn.lock: classic (v1) or berry (v2+) — told apart by berry's `__metadata` block.
import type { LockfileInput, LockfileParser } from './types.js';
import { parseYarnClassic } from './yarn-classic.js';
import { parseYarnBerry } from './yarn-berry.js';

export const yarnParser: LockfileParser = {
  format: 'yarn',
  fileNames: ['yarn.lock'],
  parse: (input: LockfileInput) => [/^__metadata:/m.test(input.text) ? parseYarnBerry(input) : parseYarnClassic(input)],
};
