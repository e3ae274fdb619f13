import { chromium, type Browser, type Page } from 'playwright-core'

export const chromiumArgs = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
]

/** The system Chromium (DESIGN §8: never a downloaded browser). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs })
}

export type PageWatch = { consoleErrors: string[]; foreignRequests: string[] }

/**
 * Chromium logs every 4xx answer as a console error. These are answers the app expects and
 * handles: 401 before log-in (GET /api/auth/me, a wrong password), 409 on a stale write and 422 on
 * a refused one. They are left out; anything else the console says is an error of the app.
 */
const expectedAnswer = /^Failed to load resource: the server responded with a status of (401|409|422) /

/** Records console errors, uncaught exceptions and every request that leaves `origin`. */
export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = { consoleErrors: [], foreignRequests: [] }
  page.on('console', (message) => {
    if (message.type() === 'error' && !expectedAnswer.test(message.text())) watch.consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => watch.consoleErrors.push(String(error)))
  page.on('request', (request) => {
    const url = request.url()
    if (url.startsWith('data:') || url.startsWith('blob:')) return
    if (new URL(url).origin !== origin) watch.foreignRequests.push(url)
  })
  return watch
}

/** Waits until the default layers and grid statistics are on the map and it is idle. */
export async function waitForMap(page: Page, timeout = 90_000) {
  await page.waitForFunction(() => window.__sheyang?.ready === true, null, { timeout })
}
