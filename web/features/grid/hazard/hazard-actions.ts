import type { Role, User } from '../../../api/auth.ts'
import type { Hazard, HazardAction } from '../../../api/hazards.ts'
import type { HazardStatus } from '../../../domain/vocab.ts'

const writers: Role[] = ['admin', 'county', 'town', 'grid']
const listingRoles: Role[] = ['admin', 'county', 'town']

const isListed = (h: Hazard) => h.listed_on !== null && h.delisted_on === null
const extensionPending = (h: Hazard) => h.extension_requested_on !== null && h.extension_approved_on === null

/** May this user decide on (or delist) the hazard's listing? County listings are the county's. */
function hasListingAuthority(h: Hazard, role: Role) {
  if (!listingRoles.includes(role)) return false
  return h.listed_by_level !== 'county' || role !== 'town'
}

/**
 * Which 挂牌督办 actions to offer (server/routes/hazards.ts enforces the same rules; the transitions
 * come from the server's `next`). A button the server would refuse is not shown.
 */
export function listingActions(h: Hazard, user: User | null, via: string | null) {
  const role = user?.role
  const canWrite = role !== undefined && writers.includes(role) && via !== 'kiosk'
  return {
    list: canWrite && listingRoles.includes(role) && h.level === 'major' && h.status !== 'closed' && !isListed(h),
    requestExtension:
      canWrite && isListed(h) && h.status !== 'closed' && !extensionPending(h) && h.extension_approved_on === null,
    decideExtension:
      canWrite && isListed(h) && h.status !== 'closed' && extensionPending(h) && hasListingAuthority(h, role),
    delist: canWrite && isListed(h) && h.status === 'closed' && hasListingAuthority(h, role),
  }
}

/** A transition's body: assigning needs the deadline the user entered. */
export function transitionAction(to: HazardStatus, deadline: string): HazardAction {
  return { kind: 'transition', body: to === 'assigned' ? { to, deadline } : { to } }
}
