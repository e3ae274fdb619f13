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
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { Database } from '../../db/client.ts'
import { enterprises, inspectionCampaigns, inspections, riskLevels, sectors } from '../../db/schema.ts'
import { ApiError, badRequest, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { principalOf, requireRole, type Principal } from '../auth/principal.ts'
import { randomSecret } from '../auth/secrets.ts'
import { drawPicks, type DrawPick } from './draw.ts'
import { scopeCondition, type Scope } from '../scope.ts'
import { parseStatsFilter } from '../stats/filters.ts'
import { pathId } from '../http/path-params.ts'
import { countParam, exactText, isoDate, maxInt, text, townCode } from '../http/values.ts'
import { parseBody } from '../http/validate.ts'
import { audit, snake } from '../writes/tx.ts'

const drawBody = z.strictObject({
  name: text(200).optional(),
  filters: z
    .strictObject({
      town_code: z.array(townCode).optional(),
      sector: z.array(z.enum(sectors)).optional(),
      risk_level: z.array(z.enum(riskLevels)).optional(),
    })
    .default({}),
  inspectors: z.array(text(50)).min(1).max(500),
  enterprises: z.number().int().min(1).max(1000),
  inspectors_per_enterprise: z.number().int().min(1).max(10),
  seed: exactText(200).optional(),
  planned_on: isoDate.optional(),
})
const listQuery = z.strictObject({
  limit: countParam(100, 1).default(20),
  offset: countParam(maxInt).default(0),
})
const inspectorsQuery = z.strictObject({ town_code: townCode.optional() })

function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(query)
  if (!parsed.success) {
    throw badRequest(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '),
      {
        issues: parsed.error.issues.map((issue) => ({ parameter: issue.path.join('.'), message: issue.message })),
      },
    )
  }
  return parsed.data
}

/** What `draw` (jsonb) records: enough to re-run the draw exactly. */
type DrawRecord = {
  filters: z.infer<typeof drawBody>['filters']
  inspectors: string[]
  enterprises: number
  inspectors_per_enterprise: number
  candidates: number[]
  picks: DrawPick[]
}

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
function requireDrawer(c: Context<AppEnv>, what: string): Principal {
  const principal = requireRole(c, ['admin', 'county'], what)
  if (principal.via === 'kiosk') throw new ApiError(403, `${what} is not for kiosk tokens`, undefined, 'forbidden_role')
  return principal
}

/** Whether the caller may see a draw at all: those who may draw (README: out of scope is 404). */
const mayDraw = (principal: Principal) => ['admin', 'county'].includes(principal.role) && principal.via !== 'kiosk'

/** The candidates of a draw: active enterprises in the caller's scope matching the filters. */
function candidateConditions(filters: DrawRecord['filters'], scope: Scope, ignoreTowns = false): SQL[] {
  const conditions: SQL[] = [eq(enterprises.status, 'active'), scopeCondition(scope, 'enterprises')]
  if (filters.town_code?.length && !ignoreTowns) conditions.push(inArray(enterprises.townCode, filters.town_code))
  if (filters.sector?.length) conditions.push(inArray(enterprises.sector, filters.sector))
  if (filters.risk_level?.length) conditions.push(inArray(enterprises.riskLevel, filters.risk_level))
  return conditions
}

type PickDetails = {
  id: number
  name: string
  town_code: string | null
  town_name: string | null
  grid_code: string | null
  grid_name: string | null
  sector: string
  risk_level: string
}

/** Name, town, grid, sector and risk level of the picked enterprises, by id. */
async function pickDetails(db: Database, ids: number[]): Promise<Map<number, PickDetails>> {
  if (ids.length === 0) return new Map()
  const rows = await db.rows<PickDetails>(sql`
    SELECT e.id, e.name, e.town_code, r.name AS town_name, e.grid_code, g.name AS grid_name, e.sector, e.risk_level
    FROM enterprises e
    LEFT JOIN regions r ON r.code = e.town_code
    LEFT JOIN grids g ON g.code = e.grid_code
    WHERE e.id IN (${sql.join(
      ids.map((id) => sql`${id}::int`),
      sql`, `,
    )})`)
  return new Map(rows.map((row) => [row.id, row]))
}

/** Who drew: the display name on the draw's audit entry. */
async function drawnBy(db: Database, campaignId: number): Promise<string | null> {
  const [row] = await db.rows<{ display_name: string }>(sql`
    SELECT u.display_name FROM audit_log a JOIN users u ON u.id = a.user_id
    WHERE a.entity = 'inspection_campaigns' AND a.action = 'draw' AND a.entity_id = ${String(campaignId)}
    ORDER BY a.id LIMIT 1`)
  return row?.display_name ?? null
}

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

export const drawsRoute = new Hono<AppEnv>()
  .get('/', async (c) => {
    requireDrawer(c, 'The list of 双随机 draws')
    const { limit, offset } = parseQuery(listQuery, c.req.query())
    const db = c.get('db')
    const scope = c.get('scope')
    const recorded = sql`c.kind = 'double_random' AND c.draw IS NOT NULL AND c.draw_seed IS NOT NULL`
    const [{ total } = { total: 0 }] = await db.rows<{ total: number }>(
      sql`SELECT count(*)::int AS total FROM inspection_campaigns c WHERE ${recorded}`,
    )
    const items = await db.rows<Record<string, unknown>>(sql`
      SELECT c.id, c.name, c.started_on::text AS planned_on,
        to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS drawn_at,
        (SELECT u.display_name FROM audit_log a JOIN users u ON u.id = a.user_id
          WHERE a.entity = 'inspection_campaigns' AND a.action = 'draw' AND a.entity_id = c.id::text
          ORDER BY a.id LIMIT 1) AS drawn_by,
        c.draw_seed AS seed,
        jsonb_array_length(c.draw->'candidates') AS candidates,
        (c.draw->>'enterprises')::int AS enterprises,
        jsonb_array_length(c.draw->'inspectors') AS inspectors,
        (c.draw->>'inspectors_per_enterprise')::int AS inspectors_per_enterprise,
        (SELECT count(*)::int FROM inspections i WHERE i.campaign_id = c.id AND ${scopeCondition(scope, 'i')}) AS planned,
        (SELECT count(*)::int FROM inspections i
          WHERE i.campaign_id = c.id AND i.status = 'done' AND ${scopeCondition(scope, 'i')}) AS done
      FROM inspection_campaigns c
      WHERE ${recorded}
      ORDER BY c.created_at DESC, c.id DESC
      LIMIT ${limit} OFFSET ${offset}`)
    return c.json({ total, limit, offset, items })
  })
  .get('/candidates', async (c) => {
    requireDrawer(c, 'Counting 双随机 candidates')
    const filter = parseStatsFilter(c.req.queries())
    const filters = { town_code: filter.townCodes, sector: filter.sectors, risk_level: filter.riskLevels }
    const db = c.get('db')
    const towns = await db.rows<{ code: string; name: string; candidates: number }>(sql`
      SELECT r.code, r.name, count(enterprises.id)::int AS candidates
      FROM regions r
      LEFT JOIN enterprises ON enterprises.town_code = r.code AND ${and(...candidateConditions(filters, c.get('scope'), true))}
      WHERE r.kind <> 'county'
      GROUP BY r.code, r.name
      ORDER BY r.code`)
    const unknown = filter.townCodes.filter((code) => !towns.some((town) => town.code === code))
    if (unknown.length > 0) throw badRequest(`Unknown town_code: ${unknown.join(', ')}`)
    const [{ candidates } = { candidates: 0 }] = await db.rows<{ candidates: number }>(
      sql`SELECT count(*)::int AS candidates FROM enterprises WHERE ${and(...candidateConditions(filters, c.get('scope')))}`,
    )
    return c.json({ today: c.get('today'), candidates, towns })
  })
  .get('/inspectors', async (c) => {
    requireDrawer(c, 'The list of inspectors')
    const query = parseQuery(inspectorsQuery, c.req.query())
    const inspectors = await c.get('db').rows<Record<string, unknown>>(sql`
      SELECT u.id, u.display_name, u.role, t.town_code, r.name AS town_name
      FROM users u
      CROSS JOIN LATERAL (SELECT coalesce(u.town_code, left(u.grid_codes[1], 9)) AS town_code) t
      LEFT JOIN regions r ON r.code = t.town_code
      WHERE u.active AND u.role IN ('county', 'town', 'grid')
        ${query.town_code ? sql`AND t.town_code = ${query.town_code}` : sql``}
      ORDER BY CASE u.role WHEN 'county' THEN 0 WHEN 'town' THEN 1 ELSE 2 END, t.town_code NULLS FIRST, u.display_name, u.id`)
    return c.json({ inspectors })
  })
  .post('/', async (c) => {
    const principal = requireRole(c, ['admin', 'county'], '双随机 draws')
    const body = await parseBody(c, drawBody)
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
    const conditions = candidateConditions(body.filters, c.get('scope'))
    // Letters and digits only: a seed starting with - would read as a formula in the published CSV.
    const seed = body.seed ?? randomSecret().replace(/[-_]/g, '').slice(0, 22)
    const db = c.get('db')
    const result = await db.orm.transaction(async (tx) => {
      const candidates = (
        await tx
          .select({ id: enterprises.id })
          .from(enterprises)
          .where(and(...conditions))
          .orderBy(asc(enterprises.id))
      ).map((row) => row.id)
      if (body.enterprises > candidates.length) {
        throw new ApiError(
          422,
          `Only ${candidates.length} enterprises match the filters; cannot draw ${body.enterprises}`,
          {
            candidates: candidates.length,
          },
        )
      }
      const record: DrawRecord = {
        filters: body.filters,
        inspectors,
        enterprises: body.enterprises,
        inspectors_per_enterprise: body.inspectors_per_enterprise,
        candidates,
        picks: [],
      }
      record.picks = rerun(seed, record)
      const [campaign] = await tx
        .insert(inspectionCampaigns)
        .values({
          name: body.name ?? `双随机抽查 ${plannedOn}`,
          kind: 'double_random',
          organiserLevel: 'county',
          startedOn: plannedOn,
          drawSeed: seed,
          draw: record,
        })
        .returning()
      await audit(tx, principal, {
        action: 'draw',
        entity: 'inspection_campaigns',
        entityId: campaign!.id,
        after: snake(campaign!),
      })
      const planned = await tx
        .insert(inspections)
        .values(
          record.picks.map((pick) => ({
            enterpriseId: pick.enterprise_id,
            campaignId: campaign!.id,
            kind: 'double_random' as const,
            status: 'planned' as const,
            inspectedOn: plannedOn,
            inspectors: pick.inspectors,
          })),
        )
        .returning()
      for (const row of planned) {
        await audit(tx, principal, { action: 'create', entity: 'inspections', entityId: row.id, after: snake(row) })
      }
      return { campaign: campaign!, planned }
    })
    const draw = result.campaign.draw as DrawRecord
    const details = await pickDetails(
      db,
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
  .get('/:id', async (c) => {
    const raw = pathId(c, 'id', 'draw id')
    if (!mayDraw(principalOf(c))) throw notFound(`No draw ${raw}`)
    const db = c.get('db')
    const orm = db.orm
    const [campaign] = await orm
      .select()
      .from(inspectionCampaigns)
      .where(and(eq(inspectionCampaigns.id, raw), eq(inspectionCampaigns.kind, 'double_random')))
    if (!campaign?.drawSeed || !campaign.draw) throw notFound(`No draw ${raw}`)
    const draw = campaign.draw as DrawRecord
    const visible = await orm
      .select({
        id: inspections.id,
        enterpriseId: inspections.enterpriseId,
        inspectors: inspections.inspectors,
        status: inspections.status,
      })
      .from(inspections)
      .where(and(eq(inspections.campaignId, campaign.id), scopeCondition(c.get('scope'), 'inspections')))
      .orderBy(inspections.id)
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

export { drawsRoute as draws }
