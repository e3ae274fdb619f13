import { api, type ApiClient } from './client.ts'

/**
 * server/routes/rules.ts: GET /api/rules, the thresholds in force under the settings' own keys —
 * only those the web prints or draws with. Ammonia at or over the tonnes is a major hazard
 * source; a dust enterprise with more than the threshold per shift needs third-party verification.
 */
export type Rules = { ammonia_major_hazard_tonnes: number; dust_shift_threshold: number }

export const fetchRules = (client: ApiClient = api) => client.getJson<Rules>('/api/rules')
