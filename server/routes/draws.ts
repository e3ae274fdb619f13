/**
 * 双随机 draws (DOMAIN §3: enterprises AND inspectors drawn at random), mounted at /api/draws.
 *
 * | method | path             | body | returns |
 * |--------|------------------|------|---------|
 * | POST   | /api/draws       | `{ name?, filters?: { town_code?[], sector?[], risk_level?[] }, inspectors[], enterprises: N, inspectors_per_enterprise: M, seed?, planned_on? }` | 201 the draw (county, admin) |
 * | GET    | /api/draws/{id}  | — | the draw, its picks in the caller's scope and `reproduced`: the seed re-run over the recorded candidates gives the recorded picks |
 *
 * Candidates are the active enterprises matching the filters, in id order; without a seed a random
 * one is made. The draw is an inspection_campaign (kind double_random, county) with draw_seed and
 * the draw's inputs in `draw`, plus one planned double_random inspection per pick on planned_on
 * (default today). One transaction, audited.
 */
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { enterprises, inspectionCampaigns, inspections, riskLevels, sectors } from '../../db/schema.ts'
import { ApiError, badRequest, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { requireRole } from '../auth/principal.ts'
import { randomSecret } from '../auth/secrets.ts'
import { drawPicks, type DrawPick } from '../draws/draw.ts'
import { scopeCondition } from '../scope.ts'
import { parseBody } from '../writes/body.ts'
import { audit, snake } from '../writes/tx.ts'

const drawBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  filters: z
    .strictObject({
      town_code: z.array(z.string().regex(/^\d{9}$/)).optional(),
      sector: z.array(z.enum(sectors)).optional(),
      risk_level: z.array(z.enum(riskLevels)).optional(),
    })
    .default({}),
  inspectors: z.array(z.string().trim().min(1).max(50)).min(1).max(500),
  enterprises: z.number().int().min(1).max(1000),
  inspectors_per_enterprise: z.number().int().min(1).max(10),
  seed: z.string().min(1).max(200).optional(),
  planned_on: z.iso.date().optional(),
})

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

export const drawsRoute = new Hono<AppEnv>()
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
      )
    }
    const conditions: SQL[] = [eq(enterprises.status, 'active'), scopeCondition(c.get('scope'), 'enterprises')]
    if (body.filters.town_code?.length) conditions.push(inArray(enterprises.townCode, body.filters.town_code))
    if (body.filters.sector?.length) conditions.push(inArray(enterprises.sector, body.filters.sector))
    if (body.filters.risk_level?.length) conditions.push(inArray(enterprises.riskLevel, body.filters.risk_level))
    const seed = body.seed ?? randomSecret().slice(0, 22)
    const result = await c.get('db').orm.transaction(async (tx) => {
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
    return c.json(
      {
        id: result.campaign.id,
        name: result.campaign.name,
        seed,
        planned_on: plannedOn,
        filters: draw.filters,
        inspectors: draw.inspectors,
        enterprises: draw.enterprises,
        inspectors_per_enterprise: draw.inspectors_per_enterprise,
        candidates: draw.candidates.length,
        picks: result.planned.map((row) => ({
          enterprise_id: row.enterpriseId,
          inspectors: row.inspectors,
          inspection_id: row.id,
        })),
      },
      201,
    )
  })
  .get('/:id', async (c) => {
    const raw = c.req.param('id')
    if (!/^[1-9]\d{0,9}$/.test(raw)) throw badRequest(`Malformed draw id: ${raw}`)
    const orm = c.get('db').orm
    const [campaign] = await orm
      .select()
      .from(inspectionCampaigns)
      .where(and(eq(inspectionCampaigns.id, Number(raw)), eq(inspectionCampaigns.kind, 'double_random')))
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
    return c.json({
      id: campaign.id,
      name: campaign.name,
      seed: campaign.drawSeed,
      planned_on: campaign.startedOn,
      filters: draw.filters,
      inspectors: draw.inspectors,
      enterprises: draw.enterprises,
      inspectors_per_enterprise: draw.inspectors_per_enterprise,
      candidates: draw.candidates.length,
      picks: draw.picks
        .filter((pick) => byEnterprise.has(pick.enterprise_id))
        .map((pick) => ({
          ...pick,
          inspection_id: byEnterprise.get(pick.enterprise_id)!.id,
          status: byEnterprise.get(pick.enterprise_id)!.status,
        })),
      reproduced: samePicks(rerun(campaign.drawSeed, draw), draw.picks),
    })
  })

export { drawsRoute as draws }
