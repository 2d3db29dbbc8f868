// KMS as a kernel capability: tables, Cedar declarations, routes, the `kms` service for other
// capabilities, and the background loop for scheduled rotation and deletion.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Capability } from '../kernel/kernel.js';
import { loadRootKey, MASTER_KEY_ENV } from './root-key.js';
import { registerKmsRoutes } from './routes.js';
import { KmsService } from './service.js';

/** How often the scheduler looks for due rotations and deletions (they are day-granular). */
const SCHEDULE_MS = 60_000;

export const kmsCedarSchema = `
  entity KmsKey { owner?: Group };
  // Administration and use are separate groups: an owner group manages its keys but may only encrypt or
  // sign with them when a policy grants kmsUse (AWS's separation of key administrators and key users).
  action kmsAdmin;
  action kmsUse;
  action "kms:CreateKey" in [kmsAdmin, write] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "kms:ListKeys" in [kmsAdmin, read] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "kms:ListAliases" in [kmsAdmin, read] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "kms:DescribeKey" in [kmsAdmin, read, manage] appliesTo { principal: [User, ServiceAccount], resource: [KmsKey] };
  action "kms:GetPublicKey" in [kmsUse, read, manage] appliesTo { principal: [User, ServiceAccount], resource: [KmsKey] };
  action "kms:UpdateKey" in [kmsAdmin, write, manage] appliesTo { principal: [User, ServiceAccount], resource: [KmsKey] };
  action "kms:RotateKey" in [kmsAdmin, write, manage] appliesTo { principal: [User, ServiceAccount], resource: [KmsKey] };
  action "kms:ScheduleKeyDeletion" in [kmsAdmin, write, manage] appliesTo { principal: [User, ServiceAccount], resource: [KmsKey] };
  action "kms:CancelKeyDeletion" in [kmsAdmin, write, manage] appliesTo { principal: [User, ServiceAccount], resource: [KmsKey] };
  action "kms:CreateAlias" in [kmsAdmin, write, manage] appliesTo { principal: [User, ServiceAccount], resource: [KmsKey] };
  action "kms:DeleteAlias" in [kmsAdmin, write, manage] appliesTo { principal: [User, ServiceAccount], resource: [KmsKey] };
  action "kms:Encrypt" in [kmsUse] appliesTo { principal: [User, ServiceAccount], resource: [KmsKey] };
  action "kms:Decrypt" in [kmsUse] appliesTo { principal: [User, ServiceAccount], resource: [KmsKey] };
  action "kms:GenerateDataKey" in [kmsUse] appliesTo { principal: [User, ServiceAccount], resource: [KmsKey] };
  action "kms:Sign" in [kmsUse] appliesTo { principal: [User, ServiceAccount], resource: [KmsKey] };
  action "kms:Verify" in [kmsUse] appliesTo { principal: [User, ServiceAccount], resource: [KmsKey] };
`;

export const kmsCapability: Capability = {
  name: 'kms',
  migrations: join(dirname(fileURLToPath(import.meta.url)), 'migrations'),
  cedarSchema: kmsCedarSchema,
  register(kernel) {
    const logger = kernel.logger.child({ capability: 'kms' });
    // The one documented exception to "config comes from the kernel": the root key is read here, once,
    // so it never passes through the settings object that is logged and shown (docs/kms.md).
    const root = loadRootKey(kernel.config.home, process.env[MASTER_KEY_ENV]);
    logger.info({ origin: root.origin, path: root.path }, 'kms root key loaded');
    const kms = new KmsService(kernel.db, kernel.change, kernel.audit, root.key, logger);
    kernel.services.set('kms', kms);
    registerKmsRoutes(kernel.app, kms);
    let timer: NodeJS.Timeout | undefined;
    kernel.onStart(() => {
      const tick = () => void kms.runScheduled().catch((err) => logger.warn({ err }, 'kms scheduled work failed'));
      tick();
      timer = setInterval(tick, SCHEDULE_MS);
      timer.unref();
    });
    kernel.onStop(() => clearInterval(timer));
  },
};
