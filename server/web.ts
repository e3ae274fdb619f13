import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import type { App } from './app.ts'

const builtWebRoot = fileURLToPath(new URL('../dist/web', import.meta.url))

/**
 * Serves the built web app (`npm run build` → dist/web) on the API's origin, with the SPA's
 * index.html for any other GET that is not an API path, so deep links like /grid/{code} work.
 * Hashed assets are immutable; the HTML is revalidated on every load (`no-cache`), so a new
 * build — and the Content-Security-Policy that comes with the HTML — is never shadowed by a
 * cached copy. The security headers themselves come from server/security-headers.ts.
 * A missing /assets/* file is a 404 (JSON, not_found) that nobody caches: answering the HTML
 * instead, cached as immutable, would break the page that asked for it for a year.
 * `webRoot` is the folder served (tests give their own).
 */
export function serveWeb(app: App, webRoot = builtWebRoot) {
  if (!existsSync(webRoot)) return
  const root = webRoot
  app.use('/assets/*', async (c, next) => {
    await next()
    if (c.res.status === 200) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable')
  })
  app.use('*', async (c, next) => {
    await next()
    if (c.res.headers.get('content-type')?.startsWith('text/html')) c.res.headers.set('Cache-Control', 'no-cache')
  })
  app.use('*', serveStatic({ root }))
  app.get('*', async (c, next) => {
    if (/^\/(api|ogc|healthz|assets)(\/|$)/.test(c.req.path)) return next()
    return serveStatic({ root, path: 'index.html' })(c, next)
  })
}
