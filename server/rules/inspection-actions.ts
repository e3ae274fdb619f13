import { writerRoles, type Principal } from '../auth/principal.ts'

/**
 * Who may record an inspection (DOMAIN §3), decided once: POST /api/inspections admits
 * `inspectionRecorders` (a kiosk token is refused before it, server/auth/authenticate.ts), and the
 * answers that offer a visit — the worklist's enterprises and planned inspections, the enterprise
 * record — list `actions`, as hazards do (server/rules/listing-actions.ts), so the web shows the
 * "record" buttons exactly when the server would accept the inspection.
 *
 * | action              | may                                                                   |
 * |---------------------|-----------------------------------------------------------------------|
 * | `record_inspection` | POST /api/inspections for this enterprise, or completing this planned inspection; POST /api/fireworks/outlets/{id}/inspections for this outlet |
 *
 * The enterprise or planned inspection is in the caller's scope already (the answer holds only
 * those); viewers and kiosk tokens never write, so their list is empty.
 */
export type InspectionAction = 'record_inspection'

/** The roles POST /api/inspections admits. */
export const inspectionRecorders = writerRoles

export const mayRecordInspection = (principal: Principal) =>
  inspectionRecorders.includes(principal.role) && principal.via !== 'kiosk'

/** What the caller may do about a visit of an enterprise in their scope. */
export const inspectionActions = (principal: Principal): InspectionAction[] =>
  mayRecordInspection(principal) ? ['record_inspection'] : []
