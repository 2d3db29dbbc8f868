// Secrets as a kernel capability: tables, Cedar declarations, routes, the default KMS key, and the
// rotation worker (scheduled rotations, retries, purge of deleted secrets).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Capability } from '../kernel/kernel.js';
import type { KmsService } from '../kms/service.js';
import { postgresRotator } from './rotation/postgres-rotator.js';
import { randomPasswordRotator } from './rotation/random-rotator.js';
import type { Rotator } from './rotation/rotator.js';
import { RotationService } from './rotation/service.js';
import { webhookRotator } from './rotation/webhook-rotator.js';
import { RotationWorker } from './rotation/worker.js';
import { registerSecretRoutes } from './routes.js';
import { DEFAULT_SECRETS_KEY, SecretsService } from './service.js';

export const secretsCedarSchema = `
  entity Secret { owner?: Group };
  action "secrets:CreateSecret" in [write] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "secrets:ListSecrets" in [read] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "secrets:DescribeSecret" in [read, manage] appliesTo { principal: [User, ServiceAccount], resource: [Secret] };
  action "secrets:GetSecretValue" in [read, manage] appliesTo { principal: [User, ServiceAccount], resource: [Secret] };
  action "secrets:PutSecretValue" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [Secret] };
  action "secrets:UpdateSecret" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [Secret] };
  action "secrets:UpdateSecretVersionStage" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [Secret] };
  action "secrets:TagResource" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [Secret] };
  action "secrets:DeleteSecret" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [Secret] };
  action "secrets:RestoreSecret" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [Secret] };
  action "secrets:RotateSecret" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [Secret] };
  action "secrets:GetResourcePolicy" in [read, manage] appliesTo { principal: [User, ServiceAccount], resource: [Secret] };
  action "secrets:PutResourcePolicy" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [Secret] };
  action "secrets:DeleteResourcePolicy" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [Secret] };
`;

export const builtinRotators: Record<string, Rotator> = {
  [randomPasswordRotator.name]: randomPasswordRotator,
  [postgresRotator.name]: postgresRotator,
  [webhookRotator.name]: webhookRotator,
};

export const secretsCapability: Capability = {
  name: 'secrets',
  migrations: join(dirname(fileURLToPath(import.meta.url)), 'migrations'),
  cedarSchema: secretsCedarSchema,
  register(kernel) {
    const logger = kernel.logger.child({ capability: 'secrets' });
    const kms = kernel.services.get('kms') as KmsService | undefined;
    if (!kms) throw new Error('the secrets capability needs the kms capability registered before it');
    const secrets = new SecretsService(kernel.db, kernel.change, kernel.audit, kms, kernel.authz);
    const rotation = new RotationService(kernel.db, kernel.change, secrets, builtinRotators);
    const worker = new RotationWorker(kernel.db, kernel.audit, secrets, builtinRotators, logger);
    rotation.wake = () => worker.kick();
    kernel.services.set('secrets', secrets);
    kernel.services.set('secrets-rotation', { service: rotation, worker });
    registerSecretRoutes(kernel.app, secrets, rotation);
    kernel.onStart(async () => {
      // The default key for secrets that choose none. Two servers starting together may race here:
      // the loser's create fails on the alias and it uses the winner's key.
      try {
        await kms.resolve(DEFAULT_SECRETS_KEY);
      } catch {
        await kms.createKey({ system: 'secrets' }, { description: 'Default key for secrets', keySpec: 'SYMMETRIC_DEFAULT', alias: DEFAULT_SECRETS_KEY }).catch(() => kms.resolve(DEFAULT_SECRETS_KEY));
      }
      worker.start();
    });
    kernel.onStop(() => worker.stop());
  },
};
