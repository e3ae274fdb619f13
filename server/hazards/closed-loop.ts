import type { hazardStatuses } from '../../db/schema.ts'
import type { ErrorCode } from '../api-error.ts'
import type { Role } from '../auth/principal.ts'

export type HazardStatus = (typeof hazardStatuses)[number]

/**
 * DOMAIN §5 closed loop: reported → assigned (rectification notice with a deadline) → rectifying →
 * awaiting_recheck → closed. A failed re-check sends the hazard back to rectifying. Nothing leaves
 * closed.
 */
export const nextStatuses: Record<HazardStatus, readonly HazardStatus[]> = {
  reported: ['assigned'],
  assigned: ['rectifying'],
  rectifying: ['awaiting_recheck'],
  awaiting_recheck: ['closed', 'rectifying'],
  closed: [],
}

/** Re-check (pass → closed, fail → rectifying) is the regulator's: town, county or admin. */
export const recheckRoles: readonly Role[] = ['admin', 'county', 'town']

export type TransitionCheck =
  { ok: true } | { ok: false; status: 403 | 422; error: string; allowed: readonly HazardStatus[]; code?: ErrorCode }

export function checkTransition(step: {
  from: HazardStatus
  to: HazardStatus
  role: Role
  userId: number
  reportedByUserId: number | null
}): TransitionCheck {
  const allowed = nextStatuses[step.from]
  if (!allowed.includes(step.to)) {
    const next = allowed.length === 0 ? 'none: the hazard is closed' : allowed.join(', ')
    return {
      ok: false,
      status: 422,
      error: `Cannot move a hazard from ${step.from} to ${step.to}; next: ${next}`,
      allowed,
    }
  }
  if (step.from === 'awaiting_recheck') {
    if (!recheckRoles.includes(step.role)) {
      return {
        ok: false,
        status: 403,
        error: `Only a ${recheckRoles.join(', ')} user re-checks and closes a hazard, not a ${step.role} user`,
        allowed,
        code: 'recheck_role',
      }
    }
    if (step.reportedByUserId === step.userId) {
      return {
        ok: false,
        status: 403,
        error: 'The user who reported a hazard may not re-check or close it',
        allowed,
        code: 'own_report_recheck',
      }
    }
  }
  return { ok: true }
}

const dayMs = 86_400_000
const toUtc = (day: string) => Date.parse(`${day}T00:00:00Z`)
export const addDays = (day: string, days: number) => new Date(toUtc(day) + days * dayMs).toISOString().slice(0, 10)
export const daysBetween = (from: string, to: string) => Math.round((toUtc(to) - toUtc(from)) / dayMs)

/**
 * Working days after `from` up to and including `to` (Monday–Friday). Public holidays and the
 * swapped working weekends of the Chinese calendar are not modelled: a county that needs them
 * raises listing_extension_request_working_days instead.
 */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0
  for (let day = toUtc(from) + dayMs; day <= toUtc(to); day += dayMs) {
    const weekday = new Date(day).getUTCDay()
    if (weekday !== 0 && weekday !== 6) n++
  }
  return n
}
