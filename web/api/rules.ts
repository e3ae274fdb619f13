import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

/**
 * GET /api/rules (server/rules/routes.ts): the thresholds in force under the settings' own keys —
 * the web keeps those it prints or draws with. Ammonia at or over the tonnes is a major hazard
 * source; a dust enterprise with more than the threshold per shift needs third-party verification.
 */
export type Rules = Pick<Answer<Api['rules']['$get']>, 'ammonia_major_hazard_tonnes' | 'dust_shift_threshold'>

export const fetchRules = (client: ApiClient = api) => client.getJson<Rules>('/api/rules')
