// What every capability receives: the kernel's services, injected once. A capability exports a
// `Capability` and `server.ts` lists them; capabilities talk to each other only through exported
// services and events, never each other's tables.
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from './audit/audit-log.js';
import type { Authorizer } from './authz/authorizer.js';
import type { BlobStore } from './blobs.js';
import type { ChangeRunner } from './changes.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { EventBus } from './events.js';
import type { Logger } from './logger.js';

export interface Kernel {
  config: Config;
  logger: Logger;
  db: Db;
  blobs: BlobStore;
  audit: AuditLog;
  events: EventBus;
  authz: Authorizer;
  /** Runs a change in a transaction with its audit record (and events). */
  change: ChangeRunner;
  app: FastifyInstance;
  /** Work to run once the server listens (schedulers, demo data); stopped in reverse order on close. */
  onStart(fn: () => Promise<void> | void): void;
  onStop(fn: () => Promise<void> | void): void;
  /** Services other capabilities may use, by name (`catalog`, `secrets`, …). */
  services: Map<string, unknown>;
}

export interface Capability {
  name: string;
  /** Folder of this capability's numbered SQL migrations, if it has tables. */
  migrations?: string;
  /** Cedar declarations (entity types, actions) in the Paved namespace. */
  cedarSchema?: string;
  register(kernel: Kernel): Promise<void> | void;
}
