import { createHash } from 'node:crypto'
import { area, bbox, booleanPointInPolygon, distance } from '@turf/turf'
import type { BBox, MultiPolygon, Point } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import { type DemoData, generateDemoData } from '../../../db/seed/generate.ts'
import { validateUscc } from '../../../db/uscc.ts'

const options = { seed: 'sheyang', scale: 1, asOf: '2026-10-15' }
const countyBbox = [119.921, 33.453, 120.618, 34.123]
let data: DemoData

beforeAll(() => {
  data = generateDemoData(options)
}, 60_000)

const sha256 = (d: DemoData) => createHash('sha256').update(JSON.stringify(d)).digest('hex')
const coordinates = (row: { geom: unknown }) => (row.geom as Point).coordinates as [number, number]
const inBox = (p: [number, number], b: BBox) => p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3]
const metres = (a: [number, number], b: [number, number]) => distance(a, b, { units: 'kilometers' }) * 1000

describe('generateDemoData', () => {
  it('is deterministic: the same options give byte-identical data, another seed different data', () => {
    const again = generateDemoData(options)
    expect(sha256(again)).toBe(sha256(data))
    expect(sha256(generateDemoData({ ...options, seed: 'another' }))).not.toBe(sha256(data))
  }, 60_000)

  it('has the county and its 19 units with their NBS codes, names and kinds', () => {
    expect(data.regions.map((r) => [r.code, r.name, r.kind, r.parentCode ?? null])).toEqual([
      ['320924', '射阳县', 'county', null],
      ['320924100', '合德镇', 'town', '320924'],
      ['320924101', '临海镇', 'town', '320924'],
      ['320924102', '千秋镇', 'town', '320924'],
      ['320924104', '四明镇', 'town', '320924'],
      ['320924106', '海河镇', 'town', '320924'],
      ['320924108', '海通镇', 'town', '320924'],
      ['320924109', '兴桥镇', 'town', '320924'],
      ['320924110', '新坍镇', 'town', '320924'],
      ['320924111', '长荡镇', 'town', '320924'],
      ['320924112', '盘湾镇', 'town', '320924'],
      ['320924113', '特庸镇', 'town', '320924'],
      ['320924114', '洋马镇', 'town', '320924'],
      ['320924117', '黄沙港镇', 'town', '320924'],
      ['320924400', '县经济开发区', 'zone', '320924'],
      ['320924401', '淮海农场', 'farm', '320924'],
      ['320924402', '临海农场', 'farm', '320924'],
      ['320924403', '新洋农场', 'farm', '320924'],
      ['320924404', '盐场', 'farm', '320924'],
      ['320924406', '射阳港经济区', 'zone', '320924'],
    ])
    expect(data.regions.every((r) => r.syntheticGeometry === true)).toBe(true)
    expect(data.regions.find((r) => r.code === '320924100')!.seat).toEqual({
      type: 'Point',
      coordinates: [120.2527, 33.7751],
    })
    const county = data.regions[0]!
    expect(county.population).toBeGreaterThan(900_000)
    expect(county.population).toBeLessThan(1_000_000)
  })

  it('keeps the county inside the real extent, its towns tiling it', () => {
    const county = data.regions[0]!.geom as MultiPolygon
    const [minX, minY, maxX, maxY] = bbox(county)
    expect(minX).toBeGreaterThanOrEqual(countyBbox[0]!)
    expect(minY).toBeGreaterThanOrEqual(countyBbox[1]!)
    expect(maxX).toBeLessThanOrEqual(countyBbox[2]!)
    expect(maxY).toBeLessThanOrEqual(countyBbox[3]!)
    const km2 = area(county) / 1e6
    expect(km2).toBeGreaterThan(2600)
    expect(km2).toBeLessThan(2800)
    const towns = data.regions.slice(1).reduce((s, r) => s + area(r.geom as MultiPolygon), 0)
    expect(Math.abs(towns / area(county) - 1)).toBeLessThan(0.005)
  })

  it('makes 200–400 grids coded town code + 3 digits that tile their towns', () => {
    expect(data.grids.length).toBeGreaterThanOrEqual(200)
    expect(data.grids.length).toBeLessThanOrEqual(400)
    expect(new Set(data.grids.map((g) => g.code)).size).toBe(data.grids.length)
    for (const town of data.regions.slice(1)) {
      const own = data.grids.filter((g) => g.townCode === town.code)
      expect(own.length).toBeGreaterThan(0)
      for (const g of own) {
        expect(g.code).toMatch(new RegExp(`^${town.code}\\d{3}$`))
        expect(g.name.startsWith(`${town.name} `)).toBe(true)
      }
      const sum = own.reduce((s, g) => s + area(g.geom as MultiPolygon), 0)
      expect(Math.abs(sum / area(town.geom as MultiPolygon) - 1)).toBeLessThan(0.005)
    }
  })

  it('puts every point inside the county and inside exactly one grid, of the town it lies in', () => {
    const grids = data.grids.map((g) => ({ ...g, box: bbox(g.geom) }))
    const towns = new Map(data.regions.slice(1).map((r) => [r.code, r.geom as MultiPolygon]))
    const points = [
      ...data.enterprises,
      ...data.confinedSpaces,
      ...data.fireworksOutlets,
      ...data.sensitiveSites,
      ...data.hazards,
      ...data.accidents,
    ].map(coordinates)
    for (const p of points) {
      expect(inBox(p, countyBbox as BBox)).toBe(true)
      const holders = grids.filter((g) => inBox(p, g.box) && booleanPointInPolygon(p, g.geom as MultiPolygon))
      expect(holders).toHaveLength(1)
      expect(booleanPointInPolygon(p, towns.get(holders[0]!.townCode)!)).toBe(true)
    }
  })

  it('makes 2,000–4,000 enterprises with valid, unique USCCs', () => {
    const { enterprises } = data
    expect(enterprises.length).toBeGreaterThanOrEqual(2000)
    expect(enterprises.length).toBeLessThanOrEqual(4000)
    expect(new Set(enterprises.map((e) => e.uscc)).size).toBe(enterprises.length)
    for (const e of enterprises) {
      expect(e.uscc).toMatch(/^91320924/)
      expect(validateUscc(e.uscc)).toEqual({ ok: true })
    }
    expect(enterprises.map((e) => e.id)).toEqual(enterprises.map((_, i) => i + 1))
  })

  it('mixes the four risk colours with red few and blue most', () => {
    const share = (level: string) =>
      data.enterprises.filter((e) => e.riskLevel === level).length / data.enterprises.length
    expect(share('major')).toBeGreaterThan(0.01)
    expect(share('major')).toBeLessThan(0.06)
    expect(share('high')).toBeGreaterThan(0.06)
    expect(share('high')).toBeLessThan(0.15)
    expect(share('general')).toBeGreaterThan(0.28)
    expect(share('general')).toBeLessThan(0.42)
    expect(share('low')).toBeGreaterThan(share('general'))
  })

  it('has 5–8 % dust enterprises, some above 30 per shift and not yet verified', () => {
    const dust = data.enterprises.filter((e) => e.dust)
    expect(dust.length / data.enterprises.length).toBeGreaterThan(0.05)
    expect(dust.length / data.enterprises.length).toBeLessThan(0.08)
    expect(dust.every((e) => e.dustType && e.dustWorkersPerShift! <= e.employees!)).toBe(true)
    expect(dust.filter((e) => e.dustWorkersPerShift! > 30 && !e.dustVerified).length).toBeGreaterThan(0)
    expect(dust.filter((e) => e.dustWorkersPerShift! > 30 && e.dustVerified).length).toBeGreaterThan(0)
  })

  it('has a few ammonia units of 10 t or more and fireworks wholesalers that supply the outlets', () => {
    expect(data.enterprises.filter((e) => (e.ammoniaTonnes ?? 0) >= 10).length).toBeGreaterThan(0)
    const wholesalers = new Set(data.enterprises.filter((e) => e.fireworksWholesale).map((e) => e.id))
    expect(wholesalers.size).toBeGreaterThanOrEqual(2)
    expect(data.fireworksOutlets.every((o) => wholesalers.has(o.supplierEnterpriseId!))).toBe(true)
  })

  it('makes 100–200 outlets with unique licences valid at most two years', () => {
    const outlets = data.fireworksOutlets
    expect(outlets.length).toBeGreaterThanOrEqual(100)
    expect(outlets.length).toBeLessThanOrEqual(200)
    expect(new Set(outlets.map((o) => o.licenceNo)).size).toBe(outlets.length)
    for (const o of outlets) {
      expect(o.licenceNo).toMatch(/^\(苏\)LS〔\d{4}〕\d{5}$/)
      const days = (Date.parse(o.licenceValidTo!) - Date.parse(o.licenceValidFrom!)) / 86_400_000
      expect(days).toBeGreaterThan(0)
      expect(days).toBeLessThanOrEqual(731)
    }
  })

  it('includes real siting violations among the outlets', () => {
    const outlets = data.fireworksOutlets.map(coordinates)
    const tooCloseToOutlet = outlets.filter((p, i) => outlets.some((q, j) => i !== j && metres(p, q) < 50))
    expect(tooCloseToOutlet.length).toBeGreaterThanOrEqual(2)
    const guarded = data.sensitiveSites
      .filter((s) => ['school', 'kindergarten', 'hospital', 'market', 'gas_station'].includes(s.kind))
      .map(coordinates)
    const tooCloseToSite = outlets.filter((p) => guarded.some((q) => metres(p, q) < 100))
    expect(tooCloseToSite.length).toBeGreaterThan(0)
    const noFireworks = data.zones.find((z) => z.kind === 'no_fireworks')!.geom as MultiPolygon
    expect(outlets.filter((p) => booleanPointInPolygon(p, noFireworks)).length).toBeGreaterThan(0)
    expect(data.fireworksOutlets.filter((o) => o.floorAreaM2 < 10).length).toBeGreaterThan(0)
    expect(data.fireworksOutlets.filter((o) => o.sharesResidence).length).toBeGreaterThan(0)
    expect(data.fireworksOutlets.filter((o) => o.dedicatedShop === false).length).toBeGreaterThan(0)
    // Most keep the rules: violations are the exception.
    expect(tooCloseToOutlet.length + tooCloseToSite.length).toBeLessThan(outlets.length / 4)
  })

  it('names the no-fireworks zone and flags the unconfirmed textile park', () => {
    expect(data.zones.map((z) => z.kind).sort()).toEqual([
      'industrial_park',
      'industrial_park',
      'industrial_park',
      'no_fireworks',
    ])
    expect(data.zones.find((z) => z.kind === 'no_fireworks')!.note).toContain('滨湖大道')
    expect(data.zones.find((z) => z.name.includes('纺织染整'))!.note).toContain('未经证实')
  })

  it('keeps inspections and hazards within the year and consistent with each other', () => {
    const ids = new Set(data.enterprises.map((e) => e.id))
    const inspections = new Map(data.inspections.map((i) => [i.id, i]))
    for (const i of data.inspections) {
      expect(ids.has(i.enterpriseId)).toBe(true)
      expect(i.inspectedOn >= '2026-01-01').toBe(true)
      if (i.inspectedOn > options.asOf) expect(i.status).toBe('planned')
    }
    for (const h of data.hazards) {
      expect(h.foundOn <= options.asOf).toBe(true)
      if (h.inspectionId) expect(inspections.get(h.inspectionId)!.enterpriseId).toBe(h.enterpriseId)
      if (h.status === 'closed') expect(h.closedOn! <= options.asOf).toBe(true)
      else expect(h.closedOn ?? null).toBeNull()
    }
    expect(data.inspections.some((i) => i.status === 'planned' && i.inspectedOn > options.asOf)).toBe(true)
    expect(new Set(data.inspections.map((i) => i.kind))).toEqual(
      new Set(['routine', 'monthly', 'holiday', 'special', 'unannounced', 'double_random']),
    )
  })

  it('has overdue hazards and county listings of at least 10 major hazards a round', () => {
    const overdue = data.hazards.filter((h) => h.deadline && h.deadline < options.asOf && h.status !== 'closed')
    expect(overdue.length).toBeGreaterThan(0)
    expect(overdue.every((h) => h.escalationLevel! >= 0)).toBe(true)
    const rounds = ['2026-县-1', '2026-县-2'].map((round) => data.hazards.filter((h) => h.listingRound === round))
    for (const listed of rounds) {
      expect(listed.length).toBeGreaterThanOrEqual(10)
      for (const h of listed) {
        expect(h.level).toBe('major')
        const days = (Date.parse(h.listingDeadline!) - Date.parse(h.listedOn!)) / 86_400_000
        expect(days).toBeLessThanOrEqual(365)
      }
    }
  })

  it('grades accidents by 国务院令493号', () => {
    for (const a of data.accidents) {
      if (a.level === 'general') {
        expect(a.deaths!).toBeLessThan(3)
        expect(a.seriousInjuries!).toBeLessThan(10)
        expect(a.directLossWanYuan!).toBeLessThan(1000)
      }
      if (a.level === 'larger') expect(a.deaths!).toBeGreaterThanOrEqual(3)
    }
    expect(data.accidents.filter((a) => a.occurredOn >= '2026-01-01' && a.level !== 'general')).toHaveLength(0)
  })

  it('scales enterprises tenfold at --scale 10 but keeps the grids', () => {
    const big = generateDemoData({ ...options, scale: 10 })
    expect(big.grids.length).toBe(data.grids.length)
    const ratio = big.enterprises.length / data.enterprises.length
    expect(ratio).toBeGreaterThan(9.5)
    expect(ratio).toBeLessThan(10.5)
  }, 60_000)
})
