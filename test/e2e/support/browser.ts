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

/** Records console errors, uncaught exceptions and every request that leaves `origin`. */
export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = { consoleErrors: [], foreignRequests: [] }
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text())
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
