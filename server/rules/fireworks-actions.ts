import type { Principal, Role } from '../auth/principal.ts'

/**
 * Who may edit the fireworks planner's data (DOMAIN §6), decided once: the write routes admit
 * `fireworksEditors` (a kiosk token is refused before them, server/auth/authenticate.ts), and the
 * answers the planner's screen edits from — GET /api/fireworks/towns and GET /api/fireworks/outlets —
 * list the caller's `actions`, so the web offers the edit controls exactly when the server would
 * accept the edit (as server/rules/inspection-actions.ts does for visits).
 *
 * | action        | may                                                                   |
 * |---------------|-----------------------------------------------------------------------|
 * | `edit_town`   | PATCH /api/fireworks/towns/{code}: households and the cap set by hand |
 * | `edit_outlet` | POST /api/fireworks/outlets, PATCH /api/fireworks/outlets/{id}        |
 * | `edit_plan`   | POST/PUT/DELETE /api/fireworks/plans…, adopt                          |
 *
 * Towns and plans are county-wide, so the actions hold for every row of the answer; viewers, town
 * and grid users and kiosk tokens get an empty list.
 */
export type FireworksAction = 'edit_town' | 'edit_outlet' | 'edit_plan'

/** Who edits outlets, towns' households and caps, and plans (never through a kiosk token). */
export const fireworksEditors: readonly Role[] = ['planner', 'county', 'admin']

export const mayEditFireworks = (principal: Principal) =>
  fireworksEditors.includes(principal.role) && principal.via !== 'kiosk'

/** What the caller may do on the planner's screen. */
export const fireworksActions = (principal: Principal): FireworksAction[] =>
  mayEditFireworks(principal) ? ['edit_town', 'edit_outlet', 'edit_plan'] : []
