import type { Router } from 'vue-router'
import type { useAuthStore } from './auth.ts'
import type { useReloginStore } from './relogin.ts'

/**
 * The API client's answer to a 401 ("log in again"). A logged-in user whose session ended gets a
 * log-in dialog over the page they are on (web/stores/relogin.ts): nothing on the page is lost,
 * and the refused request is sent again after the log-in — the returned promise says whether.
 * Anyone else (no session known, or the log-out itself) is forgotten and sent to
 * /login?next=<this page>. With an API token (?token=) there is never a log-in form: the store
 * marks the token rejected and the page says so. /api/auth/me answering 401 is the guard's
 * business, not a redirect.
 */
export function handleUnauthorized(
  path: string,
  auth: ReturnType<typeof useAuthStore>,
  router: Router,
  relogin?: ReturnType<typeof useReloginStore>,
): void | Promise<boolean> {
  if (path.startsWith('/api/auth/me') || path.startsWith('/api/auth/login')) return
  const username = auth.user?.username
  if (
    relogin &&
    username &&
    auth.status === 'authenticated' &&
    auth.via === 'session' &&
    !auth.hasToken &&
    !path.startsWith('/api/auth/logout')
  ) {
    return relogin.ask(username)
  }
  auth.expire()
  if (auth.hasToken) return
  const current = router.currentRoute.value
  if (current.name === 'login') return
  void router.push({ name: 'login', query: { next: current.fullPath, expired: '1' } })
}
