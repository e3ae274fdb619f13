import { and, asc, type SQL } from 'drizzle-orm'
import { enterprises, inspectionCampaigns, inspections } from '../../db/schema.ts'
import { ApiError } from '../api-error.ts'
import { audit, snake, type Writer } from '../writes/tx.ts'
import type { DrawRecord } from './queries.ts'

/**
 * Records a draw in one transaction: the candidates (active enterprises matching `conditions`, in
 * id order) are read, `pick` draws from them, and the draw is stored as an inspection_campaign
 * (kind double_random, county) with its seed and inputs, plus one planned inspection per pick on
 * `plannedOn`; every row audited. 422 when fewer candidates match than are to be drawn.
 */
export function recordDraw(
  { db, principal }: Writer,
  draw: {
    name: string
    seed: string
    plannedOn: string
    conditions: SQL[]
    inputs: Omit<DrawRecord, 'candidates' | 'picks'>
    pick: (record: DrawRecord) => DrawRecord['picks']
  },
) {
  return db.orm.transaction(async (tx) => {
    const candidates = (
      await tx
        .select({ id: enterprises.id })
        .from(enterprises)
        .where(and(...draw.conditions))
        .orderBy(asc(enterprises.id))
    ).map((row) => row.id)
    if (draw.inputs.enterprises > candidates.length) {
      throw new ApiError(
        422,
        `Only ${candidates.length} enterprises match the filters; cannot draw ${draw.inputs.enterprises}`,
        { candidates: candidates.length },
      )
    }
    const record: DrawRecord = { ...draw.inputs, candidates, picks: [] }
    record.picks = draw.pick(record)
    const [campaign] = await tx
      .insert(inspectionCampaigns)
      .values({
        name: draw.name,
        kind: 'double_random',
        organiserLevel: 'county',
        startedOn: draw.plannedOn,
        drawSeed: draw.seed,
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
          inspectedOn: draw.plannedOn,
          inspectors: pick.inspectors,
        })),
      )
      .returning()
    for (const row of planned) {
      await audit(tx, principal, { action: 'create', entity: 'inspections', entityId: row.id, after: snake(row) })
    }
    return { campaign: campaign!, planned }
  })
}
