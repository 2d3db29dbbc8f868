// The composition root: builds the kernel, registers the capabilities, listens.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuditLog } from './kernel/audit/audit-log.js';
import { registerAuditRoutes } from './kernel/audit/routes.js';
import { loadOrCreateSigningKey, loadTrustedKeys } from './kernel/audit/signing-key.js';
import { Authorizer } from './kernel/authz/authorizer.js';
import { FsBlobStore } from './kernel/blobs.js';
import { createChangeRunner } from './kernel/changes.js';
import { loadConfig, type Config } from './kernel/config.js';
import type { Db } from './kernel/db/database.js';
import { migrate, type MigrationSource } from './kernel/db/migrate.js';
import { openPglite } from './kernel/db/pglite.js';
import { openPostgres } from './kernel/db/postgres.js';
import { EventBus } from './kernel/events.js';
import { buildApp, type RegisteredRoute } from './kernel/http/app.js';
import { registerOperationalRoutes } from './kernel/http/health.js';
import { installIdempotency } from './kernel/http/idempotency.js';
import { installMetrics } from './kernel/http/metrics.js';
import { installSecurity } from './kernel/http/security.js';
import { servePortal } from './kernel/http/static.js';
import type { Capability, Kernel } from './kernel/kernel.js';
import { createLogger, type Logger } from './kernel/logger.js';
import { pavedVersion } from './cli/version.js';
import { bootstrapIdentity, type BootstrapResult } from './iam/bootstrap.js';
import { createIam, registerIam } from './iam/capability.js';
import { kmsCapability } from './kms/capability.js';
import { secretsCapability } from './secrets/capability.js';
import { configCapability } from './config/capability.js';
import { catalogCapability } from './catalog/capability.js';
import { gitCapability } from './git/capability.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The checkout's root, from src/ (tests) or dist/src/ (the built program). */
const repoRoot = here.split(/[\\/]/).slice(-2, -1)[0] === 'dist' ? join(here, '..', '..') : join(here, '..');

/** The capabilities this server runs, in registration order. */
export const capabilities: Capability[] = [kmsCapability, secretsCapability, configCapability, catalogCapability, gitCapability];

export interface StartOptions {
  /** Environment to read PAVED_* settings from (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  /** Settings from command-line flags; they win over the environment. */
  overrides?: Partial<Record<keyof Config, unknown>>;
  /** Only the benchmark's baseline turns access control off, to measure its cost. Never exposed as a setting. */
  unsafeDisableAccessControl?: boolean;
  logger?: Logger;
}

export interface RunningServer {
  url: string;
  config: Config;
  kernel: Kernel;
  routes: RegisteredRoute[];
  /** Set on the very first start of a database. */
  bootstrap?: BootstrapResult;
  close(): Promise<void>;
}

async function openDatabase(config: Config): Promise<Db> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(join(config.home, 'db'));
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = loadConfig(options.env ?? process.env, options.overrides);
  mkdirSync(config.home, { recursive: true, mode: 0o700 });
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = await openDatabase(config);
  const stops: Array<() => Promise<void> | void> = [async () => db.close()];
  try {
    const migrationSources: MigrationSource[] = [
      { capability: 'kernel', dir: join(here, 'kernel', 'db', 'migrations') },
      ...capabilities.filter((c) => c.migrations).map((c) => ({ capability: c.name, dir: c.migrations! })),
    ];
    const { applied } = await migrate(db, migrationSources);
    if (applied.length) logger.info({ applied }, 'applied database migrations');

    const signingKey = loadOrCreateSigningKey(config.home);
    const audit = new AuditLog(db, signingKey, config.auditDigestEvery);
    const events = new EventBus(db, logger.child({ component: 'events' }));
    const authz = new Authorizer();
    for (const c of capabilities) if (c.cedarSchema) authz.addSchema(c.cedarSchema);
    authz.checkSchema();
    const change = createChangeRunner(db, audit, events);

    const { app, routes } = await buildApp({
      logger,
      bodyLimit: config.bodyLimit,
      rateLimit: config.rateLimit,
      trustProxy: config.trustProxy,
      version: pavedVersion(),
    });
    app.decorate('authzSchema', authz.schema);
    const iam = createIam({ db, audit, authz, change });
    await iam.policies.reload();
    installSecurity(app, { authenticator: iam.authenticator, authorizer: authz, audit, enabled: !options.unsafeDisableAccessControl });
    installIdempotency(app, db);
    const metrics = installMetrics(app, { dbStats: () => db.stats(), eventLag: () => events.lag() });

    const starts: Array<() => Promise<void> | void> = [];
    const kernel: Kernel = {
      config,
      logger,
      db,
      blobs: new FsBlobStore(join(config.home, 'blobs')),
      audit,
      events,
      authz,
      change,
      app,
      onStart: (fn) => starts.push(fn),
      onStop: (fn) => stops.push(fn),
      services: new Map(),
    };
    registerIam(kernel, iam);
    registerAuditRoutes(app, audit, () => loadTrustedKeys(config.home));
    for (const c of capabilities) await c.register(kernel);

    let ready = false;
    registerOperationalRoutes(app, db, metrics, () => ready);
    await servePortal(app, join(repoRoot, 'dist', 'web'));

    const bootstrap = await bootstrapIdentity(db, iam.identity, config.home);
    await app.listen({ port: config.port, host: config.host });
    stops.push(() => app.close());
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = config.publicUrl ?? `http://${config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

    events.start();
    stops.push(() => events.stop());
    const digestTimer = setInterval(() => void audit.digestNow().catch((err) => logger.warn({ err }, 'audit digest failed')), config.auditDigestSeconds * 1000);
    digestTimer.unref();
    stops.push(() => clearInterval(digestTimer));
    for (const start of starts) await start();
    ready = true;

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        // Reverse order: stop taking requests and background work first, close the database last.
        for (const stop of [...stops].reverse()) await stop();
      })());
    return { url, config, kernel, routes, bootstrap, close };
  } catch (error) {
    for (const stop of [...stops].reverse()) await Promise.resolve(stop()).catch(() => undefined);
    throw error;
  }
}
