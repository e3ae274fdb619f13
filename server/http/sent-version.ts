import type { Context } from 'hono'
import { versionRequired } from '../writes/versioned.ts'

/**
 * DESIGN §7: a write names the version it read, as the body's `version` or an If-Match header
 * (`3`, `"3"` or `W/"3"`); undefined when it names none.
 */
export function versionSent(c: Context, bodyVersion: number | undefined): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion
  const match = c.req.header('if-match')?.match(/^\s*(?:W\/)?"?(\d+)"?\s*$/)
  return match ? Number(match[1]) : undefined
}

/** The version the write names; without one there is nothing to compare: 428. */
export function sentVersion(c: Context, bodyVersion: number | undefined): number {
  const version = versionSent(c, bodyVersion)
  if (version === undefined) throw versionRequired()
  return version
}
