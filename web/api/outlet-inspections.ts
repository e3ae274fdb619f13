import type { OutletInspectionRequest } from '../../server/outlet-inspections/schemas.ts'
import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'
import type { Worklist } from './grids.ts'

/** An active outlet of the officer's worklist with its visit state (server/rules/outlet-visit-due.ts) and `actions`. */
export type WorklistOutlet = Worklist['outlets'][number]
/** Whether today is in the fireworks season, and the season and intervals in force. */
export type OutletVisitRules = Worklist['outlet_visits']

type Visits = Api['fireworks']['outlets'][':id']['inspections']

/** The body of POST /api/fireworks/outlets/{id}/inspections (server/outlet-inspections/schemas.ts). */
export type OutletInspectionBody = OutletInspectionRequest

/** The recorded visit; `replayed` when it answers a retry of the same save. */
export type OutletInspectionCreated = Answer<Visits['$post'], 201> & { replayed?: boolean }

export const postOutletInspection = (outletId: number, body: OutletInspectionBody, client: ApiClient = api) =>
  client.send<OutletInspectionCreated>(`/api/fireworks/outlets/${outletId}/inspections`, body)
