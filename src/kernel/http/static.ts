// Serves the portal (dist/web) at `/`, with index.html for client-side routes. Missing build output is
// not an error for the API: the portal page then says how to build it.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { problem, sendProblem } from './problem.js';

export async function servePortal(app: FastifyInstance, webRoot: string): Promise<void> {
  const hasPortal = existsSync(join(webRoot, 'index.html'));
  if (hasPortal) await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const isApi = path.startsWith('/api/') || path.startsWith('/git/');
    if (request.method === 'GET' && !isApi && !/\.[a-z0-9]+$/i.test(path)) {
      if (hasPortal) return reply.type('text/html').sendFile('index.html');
      return reply.type('text/plain').send('The Paved portal is not built. Run `npm run build` (npm start does it for you).\n');
    }
    return sendProblem(reply, problem(404, 'not_found', `no route ${request.method} ${path}`, request.id));
  });
}
