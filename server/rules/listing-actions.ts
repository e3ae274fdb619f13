import { mayWrite, type Principal, type Role } from '../auth/principal.ts'
import { checkTransition, nextStatuses, workingDaysBetween, type HazardStatus } from '../hazards/closed-loop.ts'

/**
 * Who may do what to a hazard (DOMAIN §5: the closed loop, 挂牌督办 and photos), decided once: the
 * routes refuse with these predicates and every hazard answer lists `actions`, the names below the
 * caller may take now, so the web shows exactly the buttons the server would accept.
 *
 * | action                | may                                                                          |
 * |-----------------------|------------------------------------------------------------------------------|
 * | `transition:<status>` | POST /transition to that status (server/hazards/closed-loop.ts)              |
 * | `listing`             | POST /listing: a major, open, unlisted hazard; admin, county, town           |
 * | `extension_request`   | POST /extension `request`: listed, open, none pending or granted, and at least listing_extension_request_working_days working days before the deadline |
 * | `extension_decide`    | POST /extension `approve` / `reject`: a request is pending; the listing level or above |
 * | `delist`              | POST /delist: listed and closed; the listing level or above                  |
 * | `photo_add`           | POST /photos: any writer while the hazard is open                            |
 * | `photo_delete:<id>`   | DELETE /photos/{id}: its uploader, county or admin, while the hazard is open |
 *
 * Viewers and kiosk tokens never write, so their list is empty.
 */
export type HazardAction =
  | `transition:${HazardStatus}`
  | 'listing'
  | 'extension_request'
  | 'extension_decide'
  | 'delist'
  | 'photo_add'
  | `photo_delete:${number}`

/** The columns the rules read, as every answer spells them (snake_case). */
export type HazardFacts = {
  level: string
  status: HazardStatus
  deadline: string | null
  reported_by_user_id: number | null
  listed_by_level: string | null
  listed_on: string | null
  delisted_on: string | null
  extension_requested_on: string | null
  extension_approved_on: string | null
  photos?: { id: number; uploaded_by_user_id: number | null }[]
}

export type ActionContext = { today: string; extensionRequestWorkingDays: number }

/** 挂牌督办 in force: listed and not yet delisted. */
export const isListed = (h: Pick<HazardFacts, 'listed_on' | 'delisted_on'>) =>
  h.listed_on !== null && h.delisted_on === null

export const extensionPending = (h: Pick<HazardFacts, 'extension_requested_on' | 'extension_approved_on'>) =>
  h.extension_requested_on !== null && h.extension_approved_on === null

/** The level a role lists at: the county (admin, county) or the town; others do not list. */
export function listingLevelOf(role: Role): 'county' | 'town' | undefined {
  return role === 'admin' || role === 'county' ? 'county' : role === 'town' ? 'town' : undefined
}

/** Deciding on and delisting a listing is for its level or above: a county listing is the county's. */
export function hasListingAuthority(principal: Principal, h: Pick<HazardFacts, 'listed_by_level'>): boolean {
  const level = listingLevelOf(principal.role)
  return level !== undefined && (h.listed_by_level !== 'county' || level === 'county')
}

/** Working days left before the deadline in force, and whether an extension may still be asked. */
export function extensionWindow(h: Pick<HazardFacts, 'deadline'>, context: ActionContext) {
  const left = h.deadline === null ? 0 : workingDaysBetween(context.today, h.deadline)
  return { left, needed: context.extensionRequestWorkingDays, open: left >= context.extensionRequestWorkingDays }
}

/** A photo is removed by its uploader, or by a county or admin user. */
export const mayDeletePhoto = (principal: Principal, uploadedByUserId: number | null) =>
  principal.role === 'admin' || principal.role === 'county' || uploadedByUserId === principal.userId

/** The statuses this principal may move the hazard to now. */
export function nextStatusesFor(h: HazardFacts, principal: Principal): HazardStatus[] {
  if (!mayWrite(principal)) return []
  return nextStatuses[h.status].filter(
    (to) =>
      checkTransition({
        from: h.status,
        to,
        role: principal.role,
        userId: principal.userId,
        reportedByUserId: h.reported_by_user_id,
      }).ok,
  )
}

export function hazardActions(h: HazardFacts, principal: Principal, context: ActionContext): HazardAction[] {
  if (!mayWrite(principal)) return []
  const open = h.status !== 'closed'
  const listed = isListed(h)
  const actions: HazardAction[] = nextStatusesFor(h, principal).map((to) => `transition:${to}` as const)
  if (open && !listed && h.level === 'major' && listingLevelOf(principal.role)) actions.push('listing')
  if (open && listed && !extensionPending(h) && h.extension_approved_on === null && extensionWindow(h, context).open) {
    actions.push('extension_request')
  }
  if (open && listed && extensionPending(h) && hasListingAuthority(principal, h)) actions.push('extension_decide')
  if (!open && listed && hasListingAuthority(principal, h)) actions.push('delist')
  if (open) {
    actions.push('photo_add')
    for (const photo of h.photos ?? []) {
      if (mayDeletePhoto(principal, photo.uploaded_by_user_id)) actions.push(`photo_delete:${photo.id}`)
    }
  }
  return actions
}
