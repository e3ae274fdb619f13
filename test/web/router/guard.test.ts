import { describe, expect, test } from 'vitest'
import type { RouteLocationNormalized } from 'vue-router'
import { authGuard, safeNext } from '../../../web/router.ts'

const route = (fullPath: string, meta: Record<string, unknown> = {}, query: Record<string, string> = {}) =>
  ({ fullPath, meta, query }) as unknown as RouteLocationNormalized

const auth = (status: 'unknown' | 'anonymous' | 'authenticated', hasToken = false, home = '/') => ({
  status,
  hasToken,
  home,
  checks: 0,
  async check() {
    this.checks++
  },
})

describe('the router guard', () => {
  test('sends an anonymous visitor to /login with where they were going', async () => {
    const anonymous = auth('anonymous')
    expect(await authGuard(route('/grid/320924100001?tab=hazards'), anonymous)).toEqual({
      name: 'login',
      query: { next: '/grid/320924100001?tab=hazards' },
    })
    expect(anonymous.checks).toBe(1)
  })

  test('lets a logged-in user through and sends them on from /login to next, else their home', async () => {
    expect(await authGuard(route('/'), auth('authenticated'))).toBe(true)
    const officer = auth('authenticated', false, '/grid/320924100001')
    expect(await authGuard(route('/login', { public: true }, { next: '/enterprises/7' }), officer)).toBe(
      '/enterprises/7',
    )
    expect(await authGuard(route('/login', { public: true }), officer)).toBe('/grid/320924100001')
  })

  test('never shows the log-in form to a page opened with a token, and shows /login to the anonymous', async () => {
    expect(await authGuard(route('/wall'), auth('anonymous', true))).toBe(true)
    expect(await authGuard(route('/login', { public: true }), auth('anonymous'))).toBe(true)
  })

  test('an unreachable server (status unknown) does not lock the user out of the last good data', async () => {
    expect(await authGuard(route('/'), auth('unknown'))).toBe(true)
  })

  test('next is followed only within the app', () => {
    expect(safeNext('/grid/320924100001')).toBe('/grid/320924100001')
    expect(safeNext('//evil.example/')).toBe(null)
    expect(safeNext('https://evil.example/')).toBe(null)
    expect(safeNext('/login?next=/')).toBe(null)
    expect(safeNext(['/a'])).toBe(null)
  })
})
