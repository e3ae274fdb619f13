import { expect } from 'vitest'
import { contentSecurityPolicy } from '../../server/security-headers.ts'

/** Every answer carries these (DESIGN §6); used by test/server/security-headers.test.ts and test/e2e/security.test.ts. */
export function expectSecurityHeaders(headers: Headers) {
  expect(headers.get('content-security-policy')).toBe(contentSecurityPolicy)
  expect(headers.get('x-content-type-options')).toBe('nosniff')
  expect(headers.get('referrer-policy')).toBe('no-referrer')
  expect(headers.get('x-frame-options')).toBe('DENY')
  expect(headers.get('cross-origin-opener-policy')).toBe('same-origin')
  expect(headers.get('permissions-policy')).toContain('camera=(self)')
  expect(headers.get('permissions-policy')).toContain('geolocation=(self)')
  expect(headers.get('permissions-policy')).toContain('microphone=()')
  expect(headers.get('x-powered-by')).toBeNull()
}
