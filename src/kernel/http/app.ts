// Builds the Fastify application with everything every route shares: request ids, problem+json errors,
// security headers, body and rate limits, zod validation, OpenAPI, metrics and the access hooks.
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import { sha256Hex } from '../ids.js';
import { errorHandler } from './problem.js';
import type { RouteAuth } from './route-auth.js';

export type App = FastifyInstance;

export interface AppOptions {
  logger: Logger;
  bodyLimit: number;
  /** Requests per minute per client; 0 turns rate limiting off. */
  rateLimit: number;
  trustProxy: boolean;
  version: string;
}

/** Every route the app registered, with its access declaration; the route-coverage test reads it. */
export interface RegisteredRoute {
  method: string;
  url: string;
  auth: RouteAuth | undefined;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; routes: RegisteredRoute[] }> {
  const app = Fastify({
    loggerInstance: options.logger,
    // Per-request lines are logged at debug by our own hook (below), not at info by Fastify.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy,
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const auth = (route.config as { auth?: RouteAuth } | undefined)?.auth;
    if ((route.url.startsWith('/api/') || route.url.startsWith('/git/')) && !auth) {
      throw new Error(`route ${methods.join(',')} ${route.url} declares no access (config.auth: a Cedar action or 'public')`);
    }
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, auth });
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug({ method: request.method, url: request.url, status: reply.statusCode, ms: reply.elapsedTime, reqId: request.id }, 'request');
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The portal is served over plain HTTP on a laptop; HSTS is for deployments behind TLS.
    hsts: false,
  });

  if (options.rateLimit > 0) {
    await app.register(rateLimit, {
      max: options.rateLimit,
      timeWindow: '1 minute',
      // Per credential when one is sent (so one noisy token does not block a whole office behind NAT),
      // otherwise per client address.
      keyGenerator: (request) => {
        const auth = request.headers.authorization;
        return auth ? `t:${sha256Hex(auth).slice(0, 32)}` : `ip:${request.ip}`;
      },
      errorResponseBuilder: (request, context) => {
        const err = new Error('rate limited') as Error & { statusCode: number };
        err.statusCode = context.statusCode;
        return err;
      },
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Paved API', version: options.version, description: 'The REST API of Paved. Errors are application/problem+json with a stable `code`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input as never) as { schema: Record<string, unknown>; url: string };
      const auth = (input.route.config as { auth?: RouteAuth } | undefined)?.auth;
      if (auth === 'public') out.schema = { ...out.schema, security: [] };
      else if (auth) out.schema = { ...out.schema, 'x-paved-action': auth.action };
      return out;
    },
  });

  return { app: app as unknown as FastifyInstance, routes };
}
