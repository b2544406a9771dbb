import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Where `npm run build:web` puts the page (vite, web/vite.config.ts). */
export const webPageDir = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * The analysts' page at `/`: static files built from web/, everything it shows fetched from the
 * API with the key the analyst signs in with. Only the built files are served (no wildcard route),
 * so every other path still answers the API's problem+json 404. Without a build the service runs
 * without its page and says so.
 */
async function webPage(app: FastifyInstance, options: { dir?: string }): Promise<void> {
  const root = options.dir ?? webPageDir;
  if (!existsSync(`${root}/index.html`)) {
    app.log.warn({ root }, 'the web page is not built (npm run build:web): serving the API only');
    return;
  }
  // swagger-ui brings its own copy of this plugin for /docs; ours must not decorate replies again.
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, decorateReply: false, index: ['index.html'], cacheControl: true, maxAge: '1h' });
}

export default fp(webPage, { name: 'web-page' });
