import { sql } from 'drizzle-orm'
import type { Database } from '../../../db/client.ts'
import { txRows } from '../../writes/tx.ts'
import { outletViolations, type OutletViolation } from '../engine.ts'
import type { RuleContext } from '../rule-context.ts'
import { townQuotas, type TownQuota } from '../town-quota.ts'
import { addedIds, planLayout } from './plan-layout.ts'
import type { PlanChange } from './schemas.ts'

/**
 * A violation in a plan's layout. The outlet judged is `subject`: a real outlet (`outlet_id`) or
 * one the plan adds (`ref`, its client id; outlet_id null). The other outlet of a spacing breach
 * may be an added one too: other_id null, other_ref its ref.
 */
export type PlanViolation = Omit<OutletViolation, 'outlet_id'> & {
  outlet_id: number | null
  ref: string | null
  other_ref: string | null
  subject: { outlet_id: number | null; ref: string | null; name: string }
}

export type TownComparison = {
  code: string
  name: string
  cap: number | null
  current: number
  planned: number
  delta: number
  within_current: boolean | null
  within_planned: boolean | null
}

export type PlanEvaluation = {
  violations: PlanViolation[]
  counts: Record<string, number>
  towns: TownQuota[]
  comparison: { towns: TownComparison[]; fixed: PlanViolation[]; introduced: PlanViolation[]; unchanged: number }
}

/** The engine's rows with the plan's negative ids turned back into refs (none for today's layout). */
export function withRefs(rows: OutletViolation[], refs: Map<number, string>): PlanViolation[] {
  return rows.map((row) => {
    const ref = refs.get(row.outlet_id) ?? null
    const otherRef = row.other_type === 'outlet' && row.other_id !== null ? (refs.get(row.other_id) ?? null) : null
    const outletId = ref === null ? row.outlet_id : null
    return {
      ...row,
      outlet_id: outletId,
      ref,
      other_id: otherRef === null ? row.other_id : null,
      other_ref: otherRef,
      subject: { outlet_id: outletId, ref, name: row.outlet_name },
    }
  })
}

/** A violation's identity across two layouts: who, which rule, against whom (id or ref) and what kind. */
const identity = (v: PlanViolation) =>
  JSON.stringify([
    v.outlet_id ?? `ref:${v.ref}`,
    v.rule,
    v.other_id ?? (v.other_ref ? `ref:${v.other_ref}` : null),
    v.other_kind,
  ])

/**
 * A change list judged against today's layout: the plan's violations and towns, and the
 * comparison — per town the outlets now and in the plan against the cap; the violations the plan
 * removes (`fixed`), those it brings (`introduced`) and how many stay.
 */
export async function evaluatePlan(
  db: Database,
  context: RuleContext,
  changes: readonly PlanChange[],
  year: number,
): Promise<PlanEvaluation> {
  const layout = planLayout(changes)
  // Without JIT: PostGIS declares ST_DWithin costly, so scanning a plan's changed outlets (no index)
  // once per outlet judged is estimated far above jit_above_cost, and on PostgreSQL compiling the
  // statement took 2 s of a 2.2 s evaluation that runs in 0.1 s without it. SET LOCAL keeps the
  // switch to this read-only transaction.
  const [currentRows, plannedRows, currentTowns, plannedTowns] = await db.orm.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`)
    const inTx: Database = { ...db, orm: tx as unknown as Database['orm'], rows: (query) => txRows(tx, query) }
    return [
      await outletViolations(inTx, context),
      await outletViolations(inTx, context, {}, layout),
      await townQuotas(inTx, context.scope, context.rules, year),
      await townQuotas(inTx, context.scope, context.rules, year, layout),
    ] as const
  })
  const current = withRefs(currentRows, new Map())
  const violations = withRefs(plannedRows, addedIds(changes))
  const currentKeys = new Set(current.map(identity))
  const plannedKeys = new Set(violations.map(identity))
  const counts: Record<string, number> = {}
  for (const v of violations) counts[v.rule] = (counts[v.rule] ?? 0) + 1
  const now = new Map(currentTowns.map((town) => [town.code, town]))
  return {
    violations,
    counts,
    towns: plannedTowns,
    comparison: {
      towns: plannedTowns.map((town) => {
        const before = now.get(town.code)!
        return {
          code: town.code,
          name: town.name,
          cap: town.cap,
          current: before.outlets_now,
          planned: town.outlets_now,
          delta: town.outlets_now - before.outlets_now,
          within_current: before.within,
          within_planned: town.within,
        }
      }),
      fixed: current.filter((v) => !plannedKeys.has(identity(v))),
      introduced: violations.filter((v) => !currentKeys.has(identity(v))),
      unchanged: violations.filter((v) => currentKeys.has(identity(v))).length,
    },
  }
}
