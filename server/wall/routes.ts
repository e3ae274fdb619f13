import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../app-env.ts'
import { query } from '../http/validate.ts'
import { countParam } from '../http/values.ts'
import { readStatsRules } from '../rules/stats-settings.ts'
import { wallLists, type WallLists } from './queries.ts'

/**
 * The lists of the command-center wall display (DOMAIN §1), in one response:
 * | GET /lists?limit= | `{ as_of, limit, overdue_hazards, listed_hazards, latest_inspections, towns }` |
 * `limit` (1–50, default 10, given once) caps the three row lists; `towns` holds every town in scope
 * with its open / overdue hazards (ranked: most overdue, then most open) and its active fireworks
 * outlets against the cap (DOMAIN §6 总量控制).
 */
const listsQuery = z.strictObject({ limit: countParam(50, 1).default(10) })

export const wall = new Hono<AppEnv>().get(
  '/lists',
  query(listsQuery, { error: 'Invalid query', details: { allowed: { limit: '1–50' } } }),
  async (c) => {
    const db = c.get('db')
    const today = c.get('today')
    const { limit } = c.req.valid('query')
    const rules = await readStatsRules(db)
    const lists = await wallLists(db, {
      scope: c.get('scope'),
      today,
      limit,
      outletsPer1000Households: rules.outletsPer1000Households,
    })
    return c.json({ as_of: today, limit, ...lists } satisfies WallLists)
  },
)
