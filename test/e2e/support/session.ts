import type { Browser, BrowserContext, Page } from 'playwright-core'

export const demoPassword = 'sheyang-demo'

/** Logs a demo account in through the API and returns its session cookie's value. */
export async function sessionId(origin: string, username: string): Promise<string> {
  const response = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: demoPassword }),
  })
  if (response.status !== 200) throw new Error(`log-in as ${username}: HTTP ${response.status}`)
  return /sid=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!
}

/** A fetch of the API as `username` (the server answers 401 to anyone else). */
export function apiAs(origin: string, username: string) {
  let sid: Promise<string> | undefined
  return async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    sid ??= sessionId(origin, username)
    const response = await fetch(origin + path, { ...init, headers: { ...init.headers, cookie: `sid=${await sid}` } })
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`)
    return (await response.json()) as T
  }
}

/** A browser context already logged in as `username` (its own cookie jar). */
export async function loggedInContext(
  browser: Browser,
  origin: string,
  username: string,
  viewport: { width: number; height: number },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport })
  await context.addCookies([{ name: 'sid', value: await sessionId(origin, username), url: origin }])
  return context
}

/** Logs in through the /login form the page is on. */
export async function logInWithForm(page: Page, username: string, password = demoPassword) {
  await page.locator('[data-test=login-username]').fill(username)
  await page.locator('[data-test=login-password]').fill(password)
  await page.locator('[data-test=login-submit]').click()
}

/** A read-only kiosk token for the `viewer` account, created by `admin` (DESIGN §4: /wall?token=). */
export async function kioskToken(origin: string, name = 'e2e wall'): Promise<string> {
  const asAdmin = apiAs(origin, 'admin')
  const { users } = await asAdmin<{ users: { id: number; username: string }[] }>('/api/admin/users')
  const viewer = users.find((user) => user.username === 'viewer')!
  const created = await asAdmin<{ token: string }>('/api/admin/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_id: viewer.id, name, kind: 'kiosk' }),
  })
  return created.token
}
