import { beforeAll, describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../db/defaults.ts'
import { addDays } from '../../../db/seed/dates.ts'
import { type DemoData, generateDemoData } from '../../../db/seed/generate.ts'
import { outletVisitStatus, type OutletVisitRules } from '../../../server/rules/outlet-visit-due.ts'

const setting = <T>(key: string) => defaultSettings.find((s) => s.key === key)!.value as T
const rules: OutletVisitRules = {
  season: setting('fireworks_season'),
  visitDays: setting('fireworks_outlet_visit_days'),
}
const offSeason = '2026-10-15'
const inTheSeason = '2027-01-20'
const demo: Record<string, DemoData> = {}

beforeAll(() => {
  for (const asOf of [offSeason, inTheSeason]) demo[asOf] = generateDemoData({ seed: 'sheyang', scale: 1, asOf })
}, 60_000)

/** The visit state of every active outlet that owes a visit on the demo's date, by the server's rule. */
function states(asOf: string) {
  const data = demo[asOf]!
  const last = new Map<number, string>()
  for (const v of data.outletInspections) {
    if (v.inspectedOn > (last.get(v.outletId) ?? '')) last.set(v.outletId, v.inspectedOn)
  }
  const counts = { on_time: 0, due: 0, overdue: 0 }
  for (const o of data.fireworksOutlets) {
    const facts = {
      kind: o.kind,
      status: o.status!,
      licence_valid_from: o.licenceValidFrom ?? null,
      licence_valid_to: o.licenceValidTo ?? null,
    }
    const { state } = outletVisitStatus(facts, last.get(o.id!) ?? null, asOf, rules)
    if (state) counts[state]++
  }
  return counts
}

describe('demo outlet visits (db/seed/outlet-inspections.ts)', () => {
  it('visits active outlets only, up to the demo date, temporary ones from the week before their licence', () => {
    for (const asOf of [offSeason, inTheSeason]) {
      const data = demo[asOf]!
      const outlets = new Map(data.fireworksOutlets.map((o) => [o.id!, o]))
      expect(data.outletInspections.length).toBeGreaterThan(300)
      expect(new Set(data.outletInspections.map((v) => v.id)).size).toBe(data.outletInspections.length)
      for (const v of data.outletInspections) {
        const outlet = outlets.get(v.outletId)!
        expect(outlet.status).toBe('active')
        expect(v.inspectedOn <= asOf).toBe(true)
        expect(v.inspectors!.length).toBeGreaterThan(0)
        // A temporary outlet's first visit is the on-site check in the week before its licence starts.
        if (outlet.kind === 'temporary') {
          expect(v.inspectedOn >= addDays(outlet.licenceValidFrom!, -6)).toBe(true)
          expect(v.inspectedOn <= outlet.licenceValidTo!).toBe(true)
        }
      }
    }
  })

  it('in the season most outlets are visited weekly and some are overdue', () => {
    const counts = states(inTheSeason)
    const owing = counts.on_time + counts.due + counts.overdue
    expect(owing).toBeGreaterThan(80)
    expect(counts.overdue).toBeGreaterThanOrEqual(5)
    expect(counts.overdue / owing).toBeLessThan(0.4)
    expect(counts.on_time).toBeGreaterThan(counts.overdue)
  })

  it('outside the season fixed outlets are mostly visited within the quarter, a few overdue', () => {
    const counts = states(offSeason)
    const owing = counts.on_time + counts.due + counts.overdue
    expect(owing).toBeGreaterThan(40)
    expect(counts.overdue).toBeGreaterThanOrEqual(2)
    expect(counts.on_time).toBeGreaterThan(counts.overdue * 2)
  })
})
