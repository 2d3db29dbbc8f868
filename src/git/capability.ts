// Git hosting as a kernel capability: tables, Cedar declarations, the API, and git's smart HTTP protocol.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IdentityService } from '../iam/service.js';
import type { Capability, Kernel } from '../kernel/kernel.js';
import { gitCedarSchema } from './access.js';
import { registerGitRoutes } from './routes.js';
import { GitService } from './service.js';
import { registerSmartHttp } from './smart-http.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The pre-receive hook runs in its own Node process and imports the compiled secrets scanner. From the
 * built program that is next to us; when the server runs from sources (tests), it is the build in dist/.
 */
function secretsModulePath(): string {
  const built = here.split(/[\\/]/).includes('dist');
  return built ? join(here, '..', 'security', 'secrets', 'index.js') : join(here, '..', '..', 'dist', 'src', 'security', 'secrets', 'index.js');
}

export const gitCapability: Capability = {
  name: 'git',
  migrations: join(here, 'migrations'),
  cedarSchema: gitCedarSchema,
  async register(kernel: Kernel) {
    const logger = kernel.logger.child({ capability: 'git' });
    const root = join(kernel.config.home, 'git');
    await mkdir(root, { recursive: true, mode: 0o700 });
    const identity = () => kernel.services.get('identity') as IdentityService | undefined;
    let baseUrl = (kernel.config.publicUrl ?? '').replace(/\/+$/, '');
    const git = new GitService({
      db: kernel.db,
      change: kernel.change,
      logger,
      root,
      baseUrl: () => baseUrl,
      groupExists: async (id) => {
        const service = identity();
        if (!service) return true;
        return service.getGroup(id).then(
          () => true,
          () => false,
        );
      },
    });
    kernel.services.set('git', git);
    const secretsModule = secretsModulePath();
    if (!existsSync(secretsModule)) logger.warn({ secretsModule }, 'the secrets scanner is not built; pushes will be refused until it is (npm run build)');
    registerGitRoutes(kernel.app, git, kernel.authz);
    await registerSmartHttp(kernel.app, {
      git,
      authz: kernel.authz,
      audit: kernel.audit,
      logger,
      hookScript: join(here, 'hooks', 'pre-receive.mjs'),
      secretsModule,
    });
    kernel.onStart(async () => {
      if (!baseUrl) {
        const address = kernel.app.server.address();
        const port = typeof address === 'object' && address ? address.port : kernel.config.port;
        const host = kernel.config.host === '0.0.0.0' || kernel.config.host === '127.0.0.1' ? '127.0.0.1' : kernel.config.host;
        baseUrl = `http://${host}:${port}`;
      }
      // Hooks are rewritten on every start so repositories pick up a newer Paved's checks.
      await git.reinstallHooks();
    });
  },
};
