import { and, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { riskLevels, sectors } from '../../db/vocabulary.ts'
import { enterprises, inspectionCampaigns, inspections } from '../../db/schema.ts'
import { scopeCondition, type Scope } from '../scope.ts'
import type { DrawPick } from './draw.ts'
import type { DrawFilters } from './schemas.ts'

/** What `draw` (jsonb) records: enough to re-run the draw exactly. */
export type DrawRecord = {
  filters: DrawFilters
  inspectors: string[]
  enterprises: number
  inspectors_per_enterprise: number
  candidates: number[]
  picks: DrawPick[]
}

/** The candidates of a draw: active enterprises in the caller's scope matching the filters. */
export function candidateConditions(filters: DrawFilters, scope: Scope, ignoreTowns = false): SQL[] {
  const conditions: SQL[] = [eq(enterprises.status, 'active'), scopeCondition(scope, 'enterprises')]
  if (filters.town_code?.length && !ignoreTowns) conditions.push(inArray(enterprises.townCode, filters.town_code))
  if (filters.sector?.length) conditions.push(inArray(enterprises.sector, filters.sector))
  if (filters.risk_level?.length) conditions.push(inArray(enterprises.riskLevel, filters.risk_level))
  return conditions
}

export type PickDetails = {
  id: number
  name: string
  town_code: string | null
  town_name: string | null
  grid_code: string | null
  grid_name: string | null
  sector: (typeof sectors)[number]
  risk_level: (typeof riskLevels)[number]
}

/** Name, town, grid, sector and risk level of the picked enterprises, by id. */
export async function pickDetails(db: Database, ids: number[]): Promise<Map<number, PickDetails>> {
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
export async function drawnBy(db: Database, campaignId: number): Promise<string | null> {
  const [row] = await db.rows<{ display_name: string }>(sql`
    SELECT u.display_name FROM audit_log a JOIN users u ON u.id = a.user_id
    WHERE a.entity = 'inspection_campaigns' AND a.action = 'draw' AND a.entity_id = ${String(campaignId)}
    ORDER BY a.id LIMIT 1`)
  return row?.display_name ?? null
}

/** A row of the list of draws: who drew it, its counts and the progress of its planned inspections. */
export type DrawListItem = {
  id: number
  name: string
  planned_on: string
  drawn_at: string
  drawn_by: string | null
  seed: string
  candidates: number
  enterprises: number
  inspectors: number
  inspectors_per_enterprise: number
  planned: number
  done: number
}

/** The recorded draws, newest first, one page of them, and how many there are. */
export async function recordedDraws(db: Database, scope: Scope, page: { limit: number; offset: number }) {
  const recorded = sql`c.kind = 'double_random' AND c.draw IS NOT NULL AND c.draw_seed IS NOT NULL`
  const [{ total } = { total: 0 }] = await db.rows<{ total: number }>(
    sql`SELECT count(*)::int AS total FROM inspection_campaigns c WHERE ${recorded}`,
  )
  const items = await db.rows<DrawListItem>(sql`
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
    LIMIT ${page.limit} OFFSET ${page.offset}`)
  return { total, items }
}

/** Every town and zone with how many candidates match the filters there, whatever the filter's towns. */
export function candidatesByTown(db: Database, scope: Scope, filters: DrawFilters) {
  return db.rows<{ code: string; name: string; candidates: number }>(sql`
    SELECT r.code, r.name, count(enterprises.id)::int AS candidates
    FROM regions r
    LEFT JOIN enterprises ON enterprises.town_code = r.code AND ${and(...candidateConditions(filters, scope, true))}
    WHERE r.kind <> 'county'
    GROUP BY r.code, r.name
    ORDER BY r.code`)
}

/** How many active enterprises in scope match the filters. */
export async function candidateCount(db: Database, scope: Scope, filters: DrawFilters): Promise<number> {
  const [{ candidates } = { candidates: 0 }] = await db.rows<{ candidates: number }>(
    sql`SELECT count(*)::int AS candidates FROM enterprises WHERE ${and(...candidateConditions(filters, scope))}`,
  )
  return candidates
}

export type Inspector = {
  id: number
  display_name: string
  role: 'county' | 'town' | 'grid'
  town_code: string | null
  town_name: string | null
}

/** Active county, town and grid users who can be drawn (of one town, when given): county first, then by town and name. */
export function drawableInspectors(db: Database, townCode: string | undefined) {
  return db.rows<Inspector>(sql`
    SELECT u.id, u.display_name, u.role, t.town_code, r.name AS town_name
    FROM users u
    CROSS JOIN LATERAL (SELECT coalesce(u.town_code, left(u.grid_codes[1], 9)) AS town_code) t
    LEFT JOIN regions r ON r.code = t.town_code
    WHERE u.active AND u.role IN ('county', 'town', 'grid')
      ${townCode ? sql`AND t.town_code = ${townCode}` : sql``}
    ORDER BY CASE u.role WHEN 'county' THEN 0 WHEN 'town' THEN 1 ELSE 2 END, t.town_code NULLS FIRST, u.display_name, u.id`)
}

/** The recorded 双随机 campaign with this id (any scope: the picks are filtered by `visiblePlanned`). */
export async function drawCampaign(db: Database, id: number) {
  const [campaign] = await db.orm
    .select()
    .from(inspectionCampaigns)
    .where(and(eq(inspectionCampaigns.id, id), eq(inspectionCampaigns.kind, 'double_random')))
  return campaign
}

/** The draw's planned inspections in the caller's scope, in id order. */
export function visiblePlanned(db: Database, scope: Scope, campaignId: number) {
  return db.orm
    .select({
      id: inspections.id,
      enterpriseId: inspections.enterpriseId,
      inspectors: inspections.inspectors,
      status: inspections.status,
    })
    .from(inspections)
    .where(and(eq(inspections.campaignId, campaignId), scopeCondition(scope, 'inspections')))
    .orderBy(inspections.id)
}
