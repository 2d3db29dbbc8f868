// The built-in detector catalogue, assembled from the family tables.
import type { Detector } from '../model.js';
import { cloudDetectors } from './cloud.js';
import { vcsDetectors } from './vcs.js';
import { packageDetectors } from './packages.js';
import { saasDetectors } from './saas.js';
import { aiAndObservabilityDetectors } from './ai.js';
import { keyDetectors } from './keys.js';
import { configDetectors } from './config.js';

export const builtinDetectors: readonly Detector[] = [
  ...cloudDetectors,
  ...vcsDetectors,
  ...packageDetectors,
  ...saasDetectors,
  ...aiAndObservabilityDetectors,
  ...keyDetectors,
  ...configDetectors,
];
