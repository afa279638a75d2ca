import { resolve } from 'node:path'
import fastifyStatic from '@fastify/static'
import { ProblemError } from '@onewindow/service-kit'
import type { RoutePlugin } from './plugin.js'

/** Paths the console never answers: the API, its documentation and the probes keep their own 404s. */
const NOT_CONSOLE = /^\/(api|docs)(\/|$)|^\/(healthz|readyz)$/

/**
 * The console's built files at `/`. A path the files do not hold is one of the console's own pages (React Router
 * routes in the browser: `/tasks/…`, `/verify?…`), so it answers `index.html`; the API's unknown paths stay
 * problem+json 404s. Hashed assets are cached for a year, `index.html` never (a new build is picked up at once).
 */
export function consoleRoutes(dir: string): RoutePlugin {
  const root = resolve(dir)
  return async (app) => {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: ['index.html'],
      setHeaders(reply, path) {
        reply.header('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable')
      },
    })
    // The files were listed when the plugin was registered (`wildcard: false`), so they are routes of their own and
    // win over this one; what is left is a page of the console, or a path that is nobody's.
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      const path = request.url.split('?')[0] ?? '/'
      if (NOT_CONSOLE.test(path) || /\.[a-z0-9]+$/i.test(path)) {
        throw new ProblemError(404, 'NOT_FOUND', `No route for GET ${path}`)
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    })
  }
}
