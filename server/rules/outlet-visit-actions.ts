import { writerRoles, type Principal } from '../auth/principal.ts'

/**
 * Who may record a visit to a fireworks outlet (DOMAIN §3), decided once: POST
 * /api/fireworks/outlets/{id}/inspections admits `outletVisitRecorders` — the grid officer in
 * their grids, town, county and admin, never a viewer, a planner or a kiosk token — and the
 * answers that show an outlet's visits (the officer's worklist, the outlet's visit history) list
 * `actions`, as hazards do, so the web offers "record" exactly when the server would accept it.
 *
 * | action              | may                                                            |
 * |---------------------|----------------------------------------------------------------|
 * | `record_inspection` | POST /api/fireworks/outlets/{id}/inspections for this outlet   |
 *
 * The outlet is in the caller's scope already (the answers hold only those).
 */
export type OutletVisitAction = 'record_inspection'

export const outletVisitRecorders = writerRoles

export const outletVisitActions = (principal: Principal): OutletVisitAction[] =>
  outletVisitRecorders.includes(principal.role) && principal.via !== 'kiosk' ? ['record_inspection'] : []
