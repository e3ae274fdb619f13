/**
 * 双随机 draws (DOMAIN §3: enterprises AND inspectors drawn at random), mounted at /api/draws.
 *
 * | method | path                   | body / query | returns |
 * |--------|------------------------|--------------|---------|
 * | GET    | /api/draws             | `?limit=&offset=` | `{ total, limit, offset, items }`: the recorded draws, newest first, each with who drew it, its counts and `done`/`planned` inspections (county, admin) |
 * | GET    | /api/draws/candidates  | `?town_code=&sector=&risk_level=` (repeatable or comma-separated) | `{ today, candidates, towns: [{ code, name, candidates }] }`: how many active enterprises match; per town ignoring the town filter (county, admin) |
 * | GET    | /api/draws/inspectors  | `?town_code=` | `{ inspectors: [{ id, display_name, role, town_code, town_name }] }`: active county, town and grid users (county, admin) |
 * | POST   | /api/draws             | `{ name?, filters?: { town_code?[], sector?[], risk_level?[] }, inspectors[], enterprises: N, inspectors_per_enterprise: M, seed?, planned_on? }` | 201 the draw (county, admin) |
 * | GET    | /api/draws/{id}        | — | the draw, its picks and `reproduced`: the seed re-run over the recorded candidates gives the recorded picks (county, admin; 404 for anyone else) |
 *
 * A draw answers `{ id, name, seed, planned_on, drawn_at, drawn_by, filters, inspectors, enterprises,
 * inspectors_per_enterprise, candidates, picks }`; each pick has the enterprise's name, town, grid,
 * sector and risk level, its inspectors and the planned inspection's id and status. The list,
 * candidates and inspectors are the drawing screen's: other roles and kiosk tokens get 403
 * `forbidden_role` there; a single draw is 404 to them, as anything out of scope is.
 *
 * Candidates are the active enterprises matching the filters, in id order; without a seed a random
 * one is made. The draw is an inspection_campaign (kind double_random, county) with draw_seed and
 * the draw's inputs in `draw`, plus one planned double_random inspection per pick on planned_on
 * (default today). One transaction, audited.
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { ApiError, badRequest, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { allow, principalOf, requireRole, writerOf, type Principal } from '../auth/principal.ts'
import { randomSecret } from '../auth/secrets.ts'
import { param, json, query } from '../http/validate.ts'
import { idParam } from '../http/values.ts'
import { filterRefusal, statsFilterQuery } from '../stats/filters.ts'
import { drawPicks, type DrawPick } from './draw.ts'
import {
  candidateConditions,
  candidateCount,
  candidatesByTown,
  drawableInspectors,
  drawCampaign,
  drawnBy,
  pickDetails,
  recordedDraws,
  visiblePlanned,
  type DrawRecord,
  type PickDetails,
} from './queries.ts'
import { drawRoles } from '../rules/page-access.ts'
import { drawBody, inspectorsQuery, listQuery } from './schemas.ts'
import { recordDraw } from './writes.ts'

const rerun = (seed: string, draw: DrawRecord) =>
  drawPicks({
    seed,
    candidates: draw.candidates,
    inspectors: draw.inspectors,
    n: draw.enterprises,
    m: draw.inspectors_per_enterprise,
  })

/** Compared by value: jsonb does not keep the key order of the stored picks. */
const samePicks = (a: DrawPick[], b: DrawPick[]) =>
  JSON.stringify(a.map((p) => [p.enterprise_id, p.inspectors])) ===
  JSON.stringify(b.map((p) => [p.enterprise_id, p.inspectors]))

/** The drawing screen's reads: county and admin users, never a wall display's kiosk token. */
const drawer =
  (what: string): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const principal = requireRole(c, drawRoles, what)
    if (principal.via === 'kiosk')
      throw new ApiError(403, `${what} is not for kiosk tokens`, undefined, 'forbidden_role')
    await next()
  }

/** Whether the caller may see a draw at all: those who may draw (README: out of scope is 404). */
const mayDraw = (principal: Principal) => ['admin', 'county'].includes(principal.role) && principal.via !== 'kiosk'

const withDetails = (details: Map<number, PickDetails>, enterpriseId: number) => {
  const { id: _id, ...rest } = details.get(enterpriseId) ?? {
    id: enterpriseId,
    name: null,
    town_code: null,
    town_name: null,
    grid_code: null,
    grid_name: null,
    sector: null,
    risk_level: null,
  }
  return rest
}

export const draws = new Hono<AppEnv>()
  .get('/', drawer('The list of 双随机 draws'), query(listQuery), async (c) => {
    const { limit, offset } = c.req.valid('query')
    const { total, items } = await recordedDraws(c.get('db'), c.get('scope'), { limit, offset })
    return c.json({ total, limit, offset, items })
  })
  .get('/candidates', drawer('Counting 双随机 candidates'), query(statsFilterQuery, filterRefusal), async (c) => {
    const filter = c.req.valid('query')
    const filters = { town_code: filter.townCodes, sector: filter.sectors, risk_level: filter.riskLevels }
    const db = c.get('db')
    const scope = c.get('scope')
    const towns = await candidatesByTown(db, scope, filters)
    const unknown = filter.townCodes.filter((code) => !towns.some((town) => town.code === code))
    if (unknown.length > 0) throw badRequest(`Unknown town_code: ${unknown.join(', ')}`)
    return c.json({ today: c.get('today'), candidates: await candidateCount(db, scope, filters), towns })
  })
  .get('/inspectors', drawer('The list of inspectors'), query(inspectorsQuery), async (c) => {
    const { town_code } = c.req.valid('query')
    return c.json({ inspectors: await drawableInspectors(c.get('db'), town_code) })
  })
  .post('/', allow(['admin', 'county'], '双随机 draws'), json(drawBody), async (c) => {
    const principal = principalOf(c)
    const body = c.req.valid('json')
    const today = c.get('today')
    const plannedOn = body.planned_on ?? today
    if (plannedOn < today) throw new ApiError(422, `planned_on ${plannedOn} is before today (${today})`)
    const inspectors = [...new Set(body.inspectors)]
    if (body.inspectors_per_enterprise > inspectors.length) {
      throw new ApiError(
        422,
        `inspectors_per_enterprise (${body.inspectors_per_enterprise}) exceeds the ${inspectors.length} inspectors listed`,
        { inspectors: inspectors.length },
      )
    }
    // Letters and digits only: a seed starting with - would read as a formula in the published CSV.
    const seed = body.seed ?? randomSecret().replace(/[-_]/g, '').slice(0, 22)
    const result = await recordDraw(writerOf(c), {
      name: body.name ?? `双随机抽查 ${plannedOn}`,
      seed,
      plannedOn,
      conditions: candidateConditions(body.filters, c.get('scope')),
      inputs: {
        filters: body.filters,
        inspectors,
        enterprises: body.enterprises,
        inspectors_per_enterprise: body.inspectors_per_enterprise,
      },
      pick: (record) => rerun(seed, record),
    })
    const draw = result.campaign.draw as DrawRecord
    const details = await pickDetails(
      c.get('db'),
      result.planned.map((row) => row.enterpriseId),
    )
    return c.json(
      {
        id: result.campaign.id,
        name: result.campaign.name,
        seed,
        planned_on: plannedOn,
        drawn_at: result.campaign.createdAt,
        drawn_by: principal.displayName,
        filters: draw.filters,
        inspectors: draw.inspectors,
        enterprises: draw.enterprises,
        inspectors_per_enterprise: draw.inspectors_per_enterprise,
        candidates: draw.candidates.length,
        picks: result.planned.map((row) => ({
          enterprise_id: row.enterpriseId,
          ...withDetails(details, row.enterpriseId),
          inspectors: row.inspectors,
          inspection_id: row.id,
          status: row.status,
        })),
      },
      201,
    )
  })
  .get('/:id', param(z.object({ id: idParam }), { error: 'Malformed draw id' }), async (c) => {
    const { id } = c.req.valid('param')
    if (!mayDraw(principalOf(c))) throw notFound(`No draw ${id}`)
    const db = c.get('db')
    const campaign = await drawCampaign(db, id)
    if (!campaign?.drawSeed || !campaign.draw) throw notFound(`No draw ${id}`)
    const draw = campaign.draw as DrawRecord
    const visible = await visiblePlanned(db, c.get('scope'), campaign.id)
    const byEnterprise = new Map(visible.map((row) => [row.enterpriseId, row]))
    const details = await pickDetails(db, [...byEnterprise.keys()])
    return c.json({
      id: campaign.id,
      name: campaign.name,
      seed: campaign.drawSeed,
      planned_on: campaign.startedOn,
      drawn_at: campaign.createdAt,
      drawn_by: await drawnBy(db, campaign.id),
      filters: draw.filters,
      inspectors: draw.inspectors,
      enterprises: draw.enterprises,
      inspectors_per_enterprise: draw.inspectors_per_enterprise,
      candidates: draw.candidates.length,
      picks: draw.picks
        .filter((pick) => byEnterprise.has(pick.enterprise_id))
        .map((pick) => ({
          enterprise_id: pick.enterprise_id,
          ...withDetails(details, pick.enterprise_id),
          inspectors: pick.inspectors,
          inspection_id: byEnterprise.get(pick.enterprise_id)!.id,
          status: byEnterprise.get(pick.enterprise_id)!.status,
        })),
      reproduced: samePicks(rerun(campaign.drawSeed, draw), draw.picks),
    })
  })
