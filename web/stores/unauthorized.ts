import type { Router } from 'vue-router'
import type { useAuthStore } from './auth.ts'

/**
 * The API client's answer to a 401 ("log in again"): the session is forgotten and the user is
 * sent to /login?next=<this page>. Forms keep their drafts in localStorage, so nothing typed is
 * lost. With an API token (?token=) there is no log-in form: the store marks the token rejected
 * and the page says so. /api/auth/me answering 401 is the guard's business, not a redirect.
 */
export function handleUnauthorized(path: string, auth: ReturnType<typeof useAuthStore>, router: Router) {
  if (path.startsWith('/api/auth/me') || path.startsWith('/api/auth/login')) return
  auth.expire()
  if (auth.hasToken) return
  const current = router.currentRoute.value
  if (current.name === 'login') return
  void router.push({ name: 'login', query: { next: current.fullPath, expired: '1' } })
}
