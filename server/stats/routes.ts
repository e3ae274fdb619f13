import { sql } from 'drizzle-orm'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { badRequest, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { parseStatsFilter, type StatsFilter } from './filters.ts'
import { allGridStats, gridCodePattern, oneGridStats, type GridStatsQuery } from './grid-stats.ts'
import { readStatsRules } from '../rules/stats-settings.ts'
import { countySummary } from './summary.ts'
import { allTownStats } from './town-stats.ts'

/**
 * DESIGN §4 statistics, plain JSON:
 * | GET /grids         | `{ asOf, year, rules, filter, grids: GridStats[] }` for every grid in scope |
 * | GET /grids/{code}  | one GridStats; 400 for a malformed code, 404 for an unknown one |
 * | GET /towns         | `{ asOf, year, rules, filter, towns: TownStats[] }`: the same metrics per town |
 * | GET /summary?year= | the county's KPIs against the year's annual_targets |
 * /grids, /grids/{code} and /towns take `town_code`, `sector`, `risk_level` filters.
 */
export const stats = new Hono<AppEnv>()

/** The filters parsed and checked, with the rules and date every statistic needs. */
async function statsQuery(c: Context<AppEnv>): Promise<GridStatsQuery> {
  const db = c.get('db')
  const filter = parseStatsFilter(c.req.queries())
  if (filter.townCodes.length > 0) await checkTownCodes(c, filter)
  return { scope: c.get('scope'), filter, rules: await readStatsRules(db), today: c.get('today') }
}

async function checkTownCodes(c: Context<AppEnv>, filter: StatsFilter) {
  const known = (
    await c.get('db').rows<{ code: string }>(sql`SELECT code FROM regions WHERE kind <> 'county' ORDER BY code`)
  ).map((row) => row.code)
  const unknown = filter.townCodes.filter((code) => !known.includes(code))
  if (unknown.length > 0)
    throw badRequest(`Unknown town_code: ${unknown.join(', ')}`, { allowed: { town_code: known } })
}

const envelope = (query: GridStatsQuery) => ({
  asOf: query.today,
  year: Number(query.today.slice(0, 4)),
  rules: query.rules,
  filter: { townCodes: query.filter.townCodes, sectors: query.filter.sectors, riskLevels: query.filter.riskLevels },
})

stats.get('/grids', async (c) => {
  const query = await statsQuery(c)
  return c.json({ ...envelope(query), grids: await allGridStats(c.get('db'), query) })
})

stats.get('/grids/:code', async (c) => {
  const code = c.req.param('code')
  if (!gridCodePattern.test(code)) {
    throw badRequest('Malformed grid code', { code, expected: '12 digits: the 9-digit town code and a 3-digit serial' })
  }
  const query = await statsQuery(c)
  const grid = await oneGridStats(c.get('db'), code, query)
  if (!grid) throw notFound(`No grid ${code}`)
  return c.json({ asOf: query.today, ...grid })
})

stats.get('/towns', async (c) => {
  const query = await statsQuery(c)
  return c.json({ ...envelope(query), towns: await allTownStats(c.get('db'), query) })
})

stats.get('/summary', async (c) => {
  const today = c.get('today')
  const thisYear = Number(today.slice(0, 4))
  const unknown = Object.keys(c.req.queries()).filter((name) => name !== 'year')
  if (unknown.length > 0) throw badRequest(`Unknown query parameter: ${unknown.join(', ')}`, { allowed: ['year'] })
  if ((c.req.queries('year')?.length ?? 0) > 1) throw badRequest('Give year once', { allowed: ['year'] })
  const parsed = z
    .string()
    .regex(/^\d{4}$/, 'a four-digit year')
    .transform(Number)
    .pipe(z.number().int().min(2000).max(thisYear, `no later than ${thisYear}, the year of the reference date`))
    .optional()
    .safeParse(c.req.query('year'))
  if (!parsed.success) {
    throw badRequest('Invalid year', {
      issues: parsed.error.issues.map((issue) => issue.message),
      allowed: `2000–${thisYear}`,
    })
  }
  const db = c.get('db')
  const summary = await countySummary(db, {
    year: parsed.data ?? thisYear,
    today,
    scope: c.get('scope'),
    rules: await readStatsRules(db),
  })
  return c.json(summary)
})
