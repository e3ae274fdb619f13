import { createApp, type App } from '../../server/app.ts'
import { demoPassword } from '../../db/seed/users.ts'
import { testDemo } from './fixture.ts'
import { testDatabase } from './test-db.ts'

/** A demo account's username (admin, county, viewer, town-<code>, grid-<code>), a bearer token, or nobody. */
export type As = string | { token: string } | 'anonymous'

export type Request = (path: string, init?: RequestInit, as?: As) => Promise<Response>

/** Logs `username` in with the demo password; returns the `sid=…` cookie. */
export async function logIn(app: App, username: string, password = demoPassword): Promise<string> {
  const response = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (response.status !== 200) throw new Error(`log-in as ${username}: ${response.status} ${await response.text()}`)
  return response.headers.get('set-cookie')!.split(';')[0]!
}

/**
 * `request` authenticates like a client: a demo account logs in once per app (the session cookie is
 * reused), `{ token }` sends it as a Bearer token, 'anonymous' sends nothing. Paths may be the
 * absolute hrefs of the API's own links.
 */
export function authedRequest(app: App): Request {
  const cookies = new Map<string, Promise<string>>()
  return async (path, init = {}, as = 'county') => {
    const headers = new Headers(init.headers)
    if (typeof as === 'object') headers.set('authorization', `Bearer ${as.token}`)
    else if (as !== 'anonymous') {
      if (!cookies.has(as)) cookies.set(as, logIn(app, as))
      headers.set('cookie', await cookies.get(as)!)
    }
    return app.request(path, { ...init, headers })
  }
}

/** The app over this worker's demo database, with "today" pinned to the demo data's date. */
export async function testApp() {
  const db = await testDatabase()
  const app = createApp({ db, today: () => testDemo.asOf })
  return { app, db, request: authedRequest(app) }
}

/** JSON body helper for writes. */
export const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})
