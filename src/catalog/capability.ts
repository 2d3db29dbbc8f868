// The software catalog as a kernel capability: tables, Cedar declarations, routes, the refresh loop
// and the demo organisation.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Capability, Kernel } from '../kernel/kernel.js';
import { catalogCedarSchema } from './access.js';
import { loadDemo } from './demo.js';
import { startLoop } from './locations.js';
import { registerCatalogRoutes } from './routes.js';
import { CatalogService } from './service.js';

const here = dirname(fileURLToPath(import.meta.url));

/** How often each replica looks for due locations and expired orphans. */
const POLL_MS = 2_000;

export const catalogCapability: Capability = {
  name: 'catalog',
  migrations: join(here, 'migrations'),
  cedarSchema: catalogCedarSchema,
  register(kernel: Kernel) {
    const logger = kernel.logger.child({ capability: 'catalog' });
    const catalog = new CatalogService(kernel.db, kernel.change, logger);
    kernel.services.set('catalog', catalog);
    registerCatalogRoutes(kernel.app, catalog);
    let stop: (() => Promise<void>) | undefined;
    kernel.onStart(async () => {
      if (kernel.config.demo) await loadDemo(kernel, catalog, logger);
      stop = startLoop(() => catalog.processor.tick(), POLL_MS, logger);
    });
    kernel.onStop(async () => {
      await stop?.();
    });
  },
};
