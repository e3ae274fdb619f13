import { Hono } from 'hono'
import type { AppEnv } from '../app-env.ts'
import { readHazardRules } from './hazard-settings.ts'
import { visitStates } from './visit-due.ts'
import { readStatsRules, statsRulesAnswer } from './stats-settings.ts'

/**
 * The thresholds in force, for labels and legends that print them (e.g. "液氨 ≥10 吨"), so the web
 * hard-codes none; mounted at /api/rules, any logged-in user and kiosk tokens.
 *
 * | method | path       | returns |
 * |--------|------------|---------|
 * | GET    | /api/rules | `{ ammonia_major_hazard_tonnes, dust_shift_threshold, visit_frequency_days, visit_states, fireworks_outlets_per_1000_households_max, hazard_escalation, listing_deadline_max_days, listing_extension_request_working_days }` |
 *
 * Keys are the settings' own (db/defaults.ts). Comparisons: ammonia at or over the tonnes is a major
 * hazard source; dust enterprises with more than the threshold per shift need verification; a visit
 * is `due` on the last day of its interval and `overdue` after it.
 */
export const rules = new Hono<AppEnv>().get('/', async (c) => {
  const db = c.get('db')
  const [stats, hazards] = await Promise.all([readStatsRules(db), readHazardRules(db)])
  return c.json({ ...statsRulesAnswer(stats), visit_states: visitStates, ...hazards })
})
