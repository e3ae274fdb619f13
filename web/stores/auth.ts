import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { fetchMe, postLogin, postLogout, type Me, type User } from '../api/auth.ts'
import { api, HttpError, pageToken, UnreachableError, type ApiClient } from '../api/client.ts'
import { retryAfterSeconds } from '../api/errors.ts'

/** Why a log-in failed, for the form to explain; `invalid` keeps the answer for describeError. */
export type LoginFailure =
  | { kind: 'credentials' }
  | { kind: 'rateLimited'; seconds: number }
  | { kind: 'invalid'; error?: HttpError }
  | { kind: 'unreachable' }

/**
 * Who is logged in (GET /api/auth/me), as plain data. `status` is unknown until the first check;
 * `tokenRejected` is set when the page runs on an API token (?token=) that the server refused.
 */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null)
  const via = ref<Me['via'] | null>(null)
  /** The role-bound pages the server lets this user open (server/rules/page-access.ts). */
  const pages = ref<Me['pages']>([])
  const status = ref<'unknown' | 'anonymous' | 'authenticated'>('unknown')
  const tokenRejected = ref(false)
  const hasToken = computed(() => pageToken() !== null)
  let checking: Promise<void> | null = null

  function set(me: Me | null, client: ApiClient = api) {
    if (me?.user.id !== user.value?.id) client.forget()
    user.value = me?.user ?? null
    via.value = me?.via ?? null
    pages.value = me?.pages ?? []
    status.value = me ? 'authenticated' : 'anonymous'
  }

  /** Asks the server who we are, once; `force` asks again. Unreachable → stays unknown. */
  function check(client: ApiClient = api, force = false): Promise<void> {
    if (status.value !== 'unknown' && !force) return Promise.resolve()
    checking ??= fetchMe(client)
      .then(
        (me) => set(me, client),
        (error: unknown) => {
          if (error instanceof HttpError && error.status === 401) {
            set(null, client)
            if (hasToken.value) tokenRejected.value = true
          }
        },
      )
      .finally(() => (checking = null))
    return checking
  }

  async function logIn(username: string, password: string, client: ApiClient = api): Promise<LoginFailure | null> {
    try {
      set(await postLogin(username, password, client), client)
      return null
    } catch (error) {
      if (error instanceof HttpError) {
        if (error.status === 401) return { kind: 'credentials' }
        if (error.status === 429) return { kind: 'rateLimited', seconds: retryAfterSeconds(error) }
        return { kind: 'invalid', error }
      }
      if (error instanceof UnreachableError) return { kind: 'unreachable' }
      throw error
    }
  }

  async function logOut(client: ApiClient = api) {
    try {
      await postLogout(client)
    } finally {
      set(null, client)
    }
  }

  /** The server said 401 to a logged-in page: the session is gone (expired, or logged out elsewhere). */
  function expire() {
    set(null)
    if (hasToken.value) tokenRejected.value = true
  }

  /**
   * Where a user goes after log-in when no page was asked for: a grid officer to their grid, the
   * fireworks planner to the planner's screen.
   */
  const home = computed(() => {
    if (user.value?.role === 'planner') return '/fireworks'
    const codes = user.value?.role === 'grid' ? user.value.grid_codes : []
    if (codes.length === 1) return `/grid/${codes[0]}`
    if (codes.length > 1) return '/grid'
    return '/'
  })

  /** May the user open this role-bound page? The server decided (GET /api/auth/me `pages`). */
  const mayOpen = (page: Me['pages'][number]) => pages.value.includes(page)

  return { user, via, pages, status, tokenRejected, hasToken, home, mayOpen, check, logIn, logOut, expire, set }
})
