// Configuration as a kernel capability. This release has the parameter store; the AppConfig-style
// deployment model (applications, profiles, strategies, sessions) is not built yet (see docs/configuration.md).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Capability } from '../kernel/kernel.js';
import type { KmsService } from '../kms/service.js';
import { ParameterService } from './parameters.js';
import { registerParameterRoutes } from './parameters-routes.js';

/** Expiry is day-granular; a minute is plenty. */
const EXPIRY_MS = 60_000;

export const configCedarSchema = `
  entity Parameter { owner?: Group };
  action "params:PutParameter" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [Parameter] };
  action "params:GetParameter" in [read, manage] appliesTo { principal: [User, ServiceAccount], resource: [Parameter] };
  action "params:GetParameterHistory" in [read, manage] appliesTo { principal: [User, ServiceAccount], resource: [Parameter] };
  action "params:LabelParameterVersion" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [Parameter] };
  action "params:DeleteParameter" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [Parameter] };
  action "params:GetParametersByPath" in [read] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
`;

export const configCapability: Capability = {
  name: 'config',
  migrations: join(dirname(fileURLToPath(import.meta.url)), 'migrations'),
  cedarSchema: configCedarSchema,
  register(kernel) {
    const logger = kernel.logger.child({ capability: 'config' });
    const kms = kernel.services.get('kms') as KmsService | undefined;
    if (!kms) throw new Error('the config capability needs the kms capability registered before it');
    const params = new ParameterService(kernel.db, kernel.change, kernel.audit, kernel.events, kms);
    kernel.services.set('parameters', params);
    registerParameterRoutes(kernel.app, params, kernel.authz);
    let timer: NodeJS.Timeout | undefined;
    kernel.onStart(() => {
      const tick = () => void params.runExpiry().catch((err) => logger.warn({ err }, 'parameter expiry failed'));
      tick();
      timer = setInterval(tick, EXPIRY_MS);
      timer.unref();
    });
    kernel.onStop(() => clearInterval(timer));
  },
};
