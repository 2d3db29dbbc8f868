// Where the starter policy pack lives: the top-level `policies/` folder of the Paved checkout
// (rules/*.guard and tests/*_tests.yaml). Found relative to this module so it works from src/ (tests)
// and from dist/src/ (the built CLI).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function starterPackDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', '..', 'policies'), join(here, '..', '..', '..', '..', 'policies')];
  const found = candidates.find((c) => existsSync(join(c, 'rules')));
  if (!found) throw new Error(`the starter policy pack was not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function starterPackRulesDir(): string {
  return join(starterPackDir(), 'rules');
}
