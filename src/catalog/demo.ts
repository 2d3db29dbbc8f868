// The demo organisation: on the first start of an empty catalog (when `demo` is on), load Acme Retail
// from demo/org.yaml as API-managed entities (so it can be edited in the portal) and create the Paved
// groups of its teams, so "members of the owning group edit their entities" works at once.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConflictError } from '../kernel/errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { Logger } from '../kernel/logger.js';
import type { IdentityService } from '../iam/service.js';
import { formatProblem, parseEntities } from './parse.js';
import type { CatalogService } from './service.js';

export const DEMO_FILE = join(dirname(fileURLToPath(import.meta.url)), 'demo', 'org.yaml');

export async function loadDemo(kernel: Pick<Kernel, 'db' | 'services'>, catalog: CatalogService, logger: Logger): Promise<boolean> {
  const marker = await kernel.db.query<{ demo_loaded_at: Date | null }>('SELECT demo_loaded_at FROM catalog_settings');
  if (marker.rows[0]?.demo_loaded_at || !(await catalog.isEmpty())) return false;
  const parsed = await parseEntities(readFileSync(DEMO_FILE, 'utf8'), DEMO_FILE);
  if (parsed.problems.length) throw new Error(`the demo organisation is invalid: ${parsed.problems.map(formatProblem).join('; ')}`);
  const ctx = { system: 'catalog-demo' };
  const identity = kernel.services.get('identity') as IdentityService | undefined;
  if (identity) {
    for (const { entity } of parsed.entities) {
      if (entity.kind !== 'Group') continue;
      await identity
        .createGroup(ctx, { name: entity.metadata.name, description: entity.metadata.description ?? entity.metadata.title })
        .catch((error: unknown) => {
          if (!(error instanceof ConflictError)) throw error;
        });
    }
  }
  await catalog.applyAsApi(ctx, parsed.entities.map((d) => d.entity));
  await kernel.db.query('UPDATE catalog_settings SET demo_loaded_at = now()');
  logger.info({ entities: parsed.entities.length }, 'loaded the demo organisation into the catalog');
  return true;
}
