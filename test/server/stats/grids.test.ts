import { bbox, booleanPointInPolygon } from '@turf/turf'
import type { FeatureCollection, Geometry, MultiPolygon, Point } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { riskLevels, sectors } from '../../../db/schema.ts'
import type { Request } from '../../support/test-app.ts'
import type { GridStats } from '../../../server/stats/grid-stats.ts'
import { testDemo, testYear } from '../../support/fixture.ts'
import { testApp } from '../../support/test-app.ts'
import {
  countBy,
  daysBetween,
  enterpriseRows,
  gridRows,
  hazardRows,
  inspectionRows,
  type EnterpriseRow,
  type GridRow,
  type HazardRow,
  type InspectionRow,
} from './rows.ts'

type GridsBody = { as_of: string; grids: GridStats[] }

const today = testDemo.asOf
const yearStart = `${testYear}-01-01`
// db/defaults.ts: the settings the demo database is built with.
const dustThreshold = 30
const ammoniaMajorTonnes = 10
const visitDays: Record<string, number> = { major: 30, high: 30, general: 90, low: 90 }

let request: Request
let db: Database
let body: GridsBody
let grids: GridRow[]
let enterprises: EnterpriseRow[]
let live: EnterpriseRow[]
let hazards: HazardRow[]
let inspections: InspectionRow[]

const get = async (path: string) => {
  const response = await request(path)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}
const byCode = (list: GridStats[]) => new Map(list.map((grid) => [grid.code, grid]))

beforeAll(async () => {
  ;({ request, db } = await testApp())
  const response = await request('/api/stats/grids')
  expect(response.status).toBe(200)
  body = (await response.json()) as GridsBody
  grids = await gridRows(db)
  enterprises = await enterpriseRows(db)
  live = enterprises.filter((e) => e.status !== 'closed')
  hazards = await hazardRows(db)
  inspections = await inspectionRows(db)
})

describe('get /api/stats/grids', () => {
  it('lists every grid once, in code order, as of the reference date', () => {
    expect(body.as_of).toBe(today)
    expect(body.grids.map((g) => g.code)).toEqual(grids.map((g) => g.code))
    expect(body.grids.length).toBeGreaterThan(100)
  })

  it('counts the enterprises a point-in-polygon test over the OGC items puts in each grid', async () => {
    // Independent of the spatial-join trigger: turf over the layers as any OGC client reads them.
    // A point on a shared edge goes to the lowest grid code, the rule of DESIGN §2's join.
    const items = async <G extends Geometry>(collection: string) => {
      const response = await request(`/ogc/collections/${collection}/items?limit=10000`)
      expect(response.status).toBe(200)
      const collected = (await response.json()) as FeatureCollection<G> & { numberMatched: number }
      expect(collected.features).toHaveLength(collected.numberMatched)
      return collected.features
    }
    const polygons = (await items<MultiPolygon>('grids'))
      .map((f) => ({ code: String(f.properties!.code), geometry: f.geometry, box: bbox(f.geometry) }))
      .sort((a, b) => a.code.localeCompare(b.code))
    const points = (await items<Point>('enterprises')).filter((f) => f.properties!.status !== 'closed')
    expect(points).toHaveLength(live.length)
    const expected = new Map<string, number>()
    for (const { geometry } of points) {
      const [lon, lat] = geometry.coordinates as [number, number]
      const grid = polygons.find(
        ({ box, geometry: polygon }) =>
          lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3] && booleanPointInPolygon(geometry, polygon),
      )
      if (grid) expected.set(grid.code, (expected.get(grid.code) ?? 0) + 1)
    }
    const actual = new Map(body.grids.filter((g) => g.enterprises.total > 0).map((g) => [g.code, g.enterprises.total]))
    expect(actual).toEqual(expected)
    expect([...expected.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(1000)
  })

  it('adds up to the county total of gridded, non-closed enterprises', () => {
    const sum = body.grids.reduce((total, g) => total + g.enterprises.total, 0)
    expect(sum).toBe(live.filter((e) => e.grid_code !== null).length)
  })

  it('breaks each grid down by every sector and risk level', () => {
    for (const grid of body.grids) {
      const mine = live.filter((e) => e.grid_code === grid.code)
      expect(Object.keys(grid.enterprises.by_sector)).toEqual([...sectors])
      expect(Object.keys(grid.enterprises.by_risk_level)).toEqual([...riskLevels])
      for (const sector of sectors) {
        expect(grid.enterprises.by_sector[sector]).toBe(mine.filter((e) => e.sector === sector).length)
      }
      for (const level of riskLevels) {
        expect(grid.enterprises.by_risk_level[level]).toBe(mine.filter((e) => e.risk_level === level).length)
      }
      expect(grid.enterprises.highest_risk_level).toBe(
        riskLevels.find((r) => mine.some((e) => e.risk_level === r)) ?? null,
      )
      expect(grid.enterprises.above_size).toBe(mine.filter((e) => e.above_size).length)
    }
  })

  it('counts dust, ammonia, hazchem and wholesale enterprises against the settings', () => {
    let overThreshold = 0
    for (const grid of body.grids) {
      const mine = live.filter((e) => e.grid_code === grid.code)
      const over = mine.filter((e) => e.dust && (e.dust_workers_per_shift ?? 0) > dustThreshold)
      overThreshold += over.length
      expect(grid.dust).toEqual({
        enterprises: mine.filter((e) => e.dust).length,
        over_threshold: over.length,
        over_threshold_unverified: over.filter((e) => !e.dust_verified).length,
      })
      expect(grid.ammonia).toEqual({
        enterprises: mine.filter((e) => (e.ammonia_tonnes ?? 0) > 0).length,
        major_hazard: mine.filter((e) => (e.ammonia_tonnes ?? 0) >= ammoniaMajorTonnes).length,
      })
      // 两重点一重大: the sector alone no longer counts; ammonia at the threshold is a major hazard source.
      expect(grid.hazchem.enterprises).toBe(
        mine.filter(
          (e) =>
            e.hazchem_key_process ||
            e.hazchem_key_chemical ||
            e.major_hazard_level !== null ||
            (e.ammonia_tonnes ?? 0) >= ammoniaMajorTonnes,
        ).length,
      )
      expect(grid.fireworks.wholesale_enterprises).toBe(mine.filter((e) => e.fireworks_wholesale).length)
    }
    expect(overThreshold).toBeGreaterThan(0)
  })

  it('counts open, overdue, major and listed hazards as a recount over the hazard rows does', () => {
    const open = hazards.filter((h) => h.status !== 'closed')
    const overdue = countBy(
      open.filter((h) => h.deadline !== null && h.deadline < today),
      (h) => h.grid_code,
    )
    const found = hazards.filter((h) => h.found_on >= yearStart && h.found_on <= today)
    for (const grid of body.grids) {
      const mineFound = found.filter((h) => h.grid_code === grid.code)
      const mineFoundMajor = mineFound.filter((h) => h.level === 'major')
      const rate = (list: HazardRow[]) =>
        list.length === 0 ? null : list.filter((h) => h.status === 'closed').length / list.length
      expect(grid.hazards).toEqual({
        open: countBy(open, (h) => h.grid_code).get(grid.code) ?? 0,
        overdue: overdue.get(grid.code) ?? 0,
        major_open: open.filter((h) => h.grid_code === grid.code && h.level === 'major').length,
        listed: hazards.filter((h) => h.grid_code === grid.code && h.listed_on !== null && h.delisted_on === null)
          .length,
        found_this_year: mineFound.length,
        closed_this_year: hazards.filter(
          (h) => h.grid_code === grid.code && h.closed_on !== null && h.closed_on >= yearStart && h.closed_on <= today,
        ).length,
        closure_rate: rate(mineFound),
        major_found_this_year: mineFoundMajor.length,
        major_closure_rate: rate(mineFoundMajor),
      })
    }
    const sum = (pick: (g: GridStats) => number) => body.grids.reduce((total, g) => total + pick(g), 0)
    expect(sum((g) => g.hazards.overdue)).toBe([...overdue.values()].reduce((a, b) => a + b, 0))
    expect(sum((g) => g.hazards.open)).toBeGreaterThan(0)
    expect(sum((g) => g.hazards.overdue)).toBeGreaterThan(0)
  })

  it('counts this year’s visits and who is due one by risk-level frequency', () => {
    const done = inspections.filter((i) => i.status === 'done' && i.inspected_on <= today)
    const lastVisit = new Map<number, string>()
    for (const i of done) {
      if ((lastVisit.get(i.enterprise_id) ?? '') < i.inspected_on) lastVisit.set(i.enterprise_id, i.inspected_on)
    }
    const thisYear = done.filter((i) => i.inspected_on >= yearStart)
    let onTimeTotal = 0
    for (const grid of body.grids) {
      const mine = live.filter((e) => e.grid_code === grid.code)
      // Days left in the interval: > 0 on time, 0 due (the last day), < 0 or never visited overdue.
      const left = (e: EnterpriseRow) => {
        const last = lastVisit.get(e.id)
        return last === undefined ? -1 : visitDays[e.risk_level]! - daysBetween(last, today)
      }
      const byVisitState = {
        on_time: mine.filter((e) => left(e) > 0).length,
        due: mine.filter((e) => left(e) === 0).length,
        overdue: mine.filter((e) => left(e) < 0).length,
      }
      const onTime = byVisitState.on_time + byVisitState.due
      onTimeTotal += onTime
      const visits = thisYear.filter((i) => i.grid_code === grid.code)
      expect(grid.inspections).toEqual({
        done_this_year: visits.length,
        enterprises_inspected_this_year: new Set(visits.map((i) => i.enterprise_id)).size,
        visited_on_time: onTime,
        due_for_visit: byVisitState.due + byVisitState.overdue,
        by_visit_state: byVisitState,
        visited_on_time_share: mine.length === 0 ? null : onTime / mine.length,
      })
    }
    expect(onTimeTotal).toBeGreaterThan(0)
  })
})

describe('get /api/stats/grids with filters', () => {
  it('restricts the enterprise-based numbers to the given sectors and risk levels', async () => {
    const { status, body: filtered } = await get(
      '/api/stats/grids?sector=hazchem,machinery&risk_level=major&risk_level=high',
    )
    expect(status).toBe(200)
    const chosen = live.filter(
      (e) => ['hazchem', 'machinery'].includes(e.sector) && ['major', 'high'].includes(e.risk_level),
    )
    const chosenIds = new Set(chosen.map((e) => e.id))
    const expected = countBy(chosen, (e) => e.grid_code)
    const openHazards = countBy(
      hazards.filter((h) => h.status !== 'closed' && chosenIds.has(h.enterprise_id)),
      (h) => h.grid_code,
    )
    const list = (filtered as unknown as GridsBody).grids
    expect(list.length).toBe(grids.length)
    for (const grid of list) {
      expect(grid.enterprises.total).toBe(expected.get(grid.code) ?? 0)
      expect(grid.enterprises.by_risk_level.general + grid.enterprises.by_risk_level.low).toBe(0)
      expect(grid.hazards.open).toBe(openHazards.get(grid.code) ?? 0)
    }
    expect(list.reduce((total, g) => total + g.enterprises.total, 0)).toBe(
      chosen.filter((e) => e.grid_code !== null).length,
    )
  })

  it('lists only the grids of the given towns', async () => {
    const town = grids[0]!.town_code
    const { status, body: filtered } = await get(`/api/stats/grids?town_code=${town}`)
    expect(status).toBe(200)
    const list = (filtered as unknown as GridsBody).grids
    expect(list.map((g) => g.code)).toEqual(grids.filter((g) => g.town_code === town).map((g) => g.code))
    expect(list).toEqual(body.grids.filter((g) => g.town_code === town))
  })

  it.each([
    ['/api/stats/grids?risk_level=red', 'risk_level.0'],
    ['/api/stats/grids?sector=chemistry', 'sector.0'],
    ['/api/stats/grids?sector=hazchem,', 'sector.1'],
    ['/api/stats/grids?town_code=abc', 'town_code.0'],
  ])('get %s returns 400 naming the value and the allowed ones', async (path, value) => {
    const { status, body: error } = await get(path)
    expect(status).toBe(400)
    const details = error.details as { issues: { path: string }[]; allowed: Record<string, unknown> }
    expect(details.issues.map((issue) => issue.path)).toEqual([value])
    expect(details.allowed.risk_level).toEqual([...riskLevels])
    expect(details.allowed.sector).toEqual([...sectors])
  })

  it('returns 400 for an unknown parameter and for an unknown town', async () => {
    const unknown = await get('/api/stats/grids?colour=red')
    expect(unknown.status).toBe(400)
    expect(unknown.body.details).toEqual({
      issues: [{ path: '', message: 'Unrecognized key: "colour"' }],
      allowed: { town_code: '9-digit region code', sector: [...sectors], risk_level: [...riskLevels] },
    })
    const town = await get('/api/stats/grids?town_code=320924999')
    expect(town.status).toBe(400)
    expect((town.body.details as { allowed: { town_code: string[] } }).allowed.town_code).toHaveLength(19)
  })
})

describe('get /api/stats/grids/{code}', () => {
  it('returns the same numbers as the list, with the town name', async () => {
    const all = byCode(body.grids)
    const busiest = [...body.grids].sort((a, b) => b.enterprises.total - a.enterprises.total)[0]!
    for (const code of [busiest.code, grids[0]!.code, grids.at(-1)!.code]) {
      const { status, body: one } = await get(`/api/stats/grids/${code}`)
      expect(status).toBe(200)
      expect(one).toEqual({ as_of: today, ...all.get(code) })
      expect(one.town_name).toMatch(/镇|区|场/)
    }
  })

  it('applies the filters to one grid as to the list', async () => {
    const code = [...body.grids].sort((a, b) => b.enterprises.total - a.enterprises.total)[0]!.code
    const { body: one } = await get(`/api/stats/grids/${code}?risk_level=low`)
    const { body: list } = await get('/api/stats/grids?risk_level=low')
    expect(one).toEqual({ as_of: today, ...byCode((list as unknown as GridsBody).grids).get(code) })
  })

  it('returns 404 for an unknown grid', async () => {
    const { status, body: error } = await get('/api/stats/grids/320924100999')
    expect(status).toBe(404)
    expect(error.error).toMatch(/320924100999/)
  })

  it.each(['12', '32092410000x', '3209241000011', '%20'])('returns 400 for the malformed code %s', async (code) => {
    const { status } = await get(`/api/stats/grids/${code}`)
    expect(status).toBe(400)
  })
})
