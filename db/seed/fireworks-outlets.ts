import { booleanPointInPolygon } from '@turf/turf'
import { defaultSettings } from '../defaults.ts'
import type { fireworksOutlets } from '../schema.ts'
import { type Context, scaled, townByCode } from './context.ts'
import { addDays, addYears, fromDay, toDay } from './dates.ts'
import type { Enterprise } from './enterprises.ts'
import { offset } from './geography.ts'
import { brandName, countyPrefixed, mobilePhone, personName, roads } from './names.ts'
import { type Place, placeAt, placeNear, placeWithin } from './placement.ts'
import { PointHash } from './point-hash.ts'
import type { Random } from '../../lib/seeded-random.ts'
import type { SiteRow } from './sensitive-sites.ts'
import { peoplePerHousehold } from './units.ts'

export type OutletRow = typeof fireworksOutlets.$inferInsert

const baseOutletCount = 150
const seatTown = '320924100'
// This farm is given more outlets than the per-1,000-households cap allows, as a quota finding.
const overCappedTown = '320924403'
const setting = <T>(key: string) => defaultSettings.find((s) => s.key === key)!.value as T

/**
 * Retail outlets that mostly keep the siting rules, plus the deliberate breaches real ledgers show:
 * too close to another outlet or to a sensitive site, inside the no-fireworks zone, too small,
 * sharing a residence, not a dedicated shop.
 */
export function buildFireworksOutlets(
  context: Context,
  random: Random,
  sites: SiteRow[],
  enterprises: Enterprise[],
): OutletRow[] {
  const spacing = setting<number>('fireworks_outlet_spacing_m')
  const siteDistance = Math.max(...Object.values(setting<Record<string, number>>('fireworks_site_distance_m')))
  const noFireworks = context.zones.noFireworks.geom
  const siteHash = new PointHash()
  for (const s of sites) siteHash.add(s.geom.coordinates)
  const outletHash = new PointHash()
  const wholesalers = enterprises.filter((e) => e.row.fireworksWholesale).map((e) => e.row.id)
  const violations = { nearOutlet: scaled(context, 6), nearSite: scaled(context, 9), inZone: scaled(context, 3) }
  const regular = scaled(context, baseOutletCount) - violations.nearOutlet - violations.nearSite - violations.inZone
  const places: { place: Place; townCode: string }[] = []

  const compliant = (p: Place) =>
    !outletHash.anyWithin(p.point, spacing + 5) &&
    !siteHash.anyWithin(p.point, siteDistance + 10) &&
    !booleanPointInPolygon(p.point, noFireworks)
  for (const townCode of allocate(context, random, regular)) {
    const town = townByCode(context, townCode)
    let place: Place = placeWithin(context, random, town.geom, town.bbox, townCode)
    for (let attempt = 0; attempt < 40; attempt++) {
      place = random.chance(0.65)
        ? placeNear(context, random, townCode, town.seat, townCode === seatTown ? 3500 : 1200)
        : placeWithin(context, random, town.geom, town.bbox, townCode)
      if (compliant(place)) break
    }
    outletHash.add(place.point)
    places.push({ place, townCode })
  }
  const nearby = (centre: [number, number], min: number, max: number) => {
    for (;;) {
      const place = placeAt(context, offset(random, centre, random.float(min, max)))
      if (place) return { place, townCode: context.grids[place.grid]!.townCode }
    }
  }
  for (let i = 0; i < violations.nearOutlet; i++) places.push(nearby(random.pick(places).place.point, 15, 40))
  for (let i = 0; i < violations.nearSite; i++) {
    const site = random.pick(sites.filter((s) => s.kind !== 'high_rise'))
    places.push(nearby(site.geom.coordinates, 30, 85))
  }
  const zone = context.zones.noFireworks
  for (let i = 0; i < violations.inZone; i++)
    places.push({ place: placeWithin(context, random, zone.geom, zone.bbox, seatTown), townCode: seatTown })

  const serials = new Map<number, number>()
  const rows = places.map(({ place, townCode }, i) =>
    outletRow(context, random, i + 1, place, townCode, wholesalers, serials),
  )
  breachHouseRules(context, random, rows)
  return rows
}

/** Outlets per town follow households, with few in the county seat (its core is a no-fireworks zone) and the parks. */
function allocate(context: Context, random: Random, count: number): string[] {
  const capPer1000 = setting<number>('fireworks_outlets_per_1000_households_max')
  const overCap =
    Math.ceil((((townByCode(context, overCappedTown).population / peoplePerHousehold) * capPer1000) / 1000) * 1.3) *
    context.scale
  const others = context.towns.filter((t) => t.code !== overCappedTown)
  const weights = others.map((t): [string, number] => [
    t.code,
    t.population * (t.code === seatTown ? 0.5 : t.kind === 'zone' ? 0.3 : 1),
  ])
  const codes = Array.from({ length: Math.max(0, count - Math.round(overCap)) }, () => random.weighted(weights))
  return random.shuffle([
    ...Array.from({ length: Math.min(count, Math.round(overCap)) }, () => overCappedTown),
    ...codes,
  ])
}

function outletRow(
  context: Context,
  random: Random,
  id: number,
  place: Place,
  townCode: string,
  wholesalers: number[],
  serials: Map<number, number>,
): OutletRow {
  const kind = random.chance(0.55) ? 'fixed' : 'temporary'
  const { from, to } = kind === 'fixed' ? fixedLicence(context, random) : seasonLicence(context)
  const expired = to < context.asOf
  const status = expired
    ? random.weighted([
        ['closed', 60],
        ['suspended', 25],
        ['active', 15],
      ] as const)
    : random.weighted([
        ['active', 88],
        ['suspended', 7],
        ['closed', 5],
      ] as const)
  const licenceYear = Number(from.slice(0, 4))
  const serial = (serials.get(licenceYear) ?? random.int(1, 60)) + random.int(1, 3)
  serials.set(licenceYear, serial)
  const operator = personName(random)
  const town = townByCode(context, townCode)
  const gridName = context.grids[place.grid]!.name
  const placeName = /\s(.+)网格$/.exec(gridName)?.[1] ?? town.name
  return {
    id,
    licenceNo: `(苏)LS〔${licenceYear}〕${String(serial).padStart(5, '0')}`,
    name:
      kind === 'fixed'
        ? `${town.name}${brandName(random)}烟花爆竹零售点`
        : `${town.name}${placeName}烟花爆竹临时销售点`,
    operator,
    phone: mobilePhone(random),
    address: `${countyPrefixed(town.name)}${random.pick(roads)}${random.int(1, 300)}号`,
    kind,
    status,
    floorAreaM2: Math.round((kind === 'fixed' ? random.float(12, 60) : random.float(10, 30)) * 10) / 10,
    dedicatedShop: true,
    sharesResidence: false,
    storageLimitKg: kind === 'fixed' ? random.pick([300, 500, 800, 1000]) : random.pick([100, 200, 300]),
    licenceValidFrom: from,
    licenceValidTo: to,
    supplierEnterpriseId: random.pick(wholesalers),
    geom: { type: 'Point', coordinates: place.point },
  }
}

/** A licence of one or two years (65号令: at most two) issued over the last two years. */
function fixedLicence(context: Context, random: Random): { from: string; to: string } {
  const from = fromDay(random.int(toDay(context.asOf) - 700, toDay(context.asOf) - 10))
  return { from, to: addDays(addYears(from, random.chance(0.6) ? 1 : 2), -1) }
}

/** Temporary outlets hold a licence for the current Spring Festival season (fireworks_season), or the next one. */
function seasonLicence(context: Context): { from: string; to: string } {
  const { start, end } = setting<{ start: string; end: string }>('fireworks_season')
  const y = context.year
  return context.asOf.slice(5) <= end
    ? { from: `${y - 1}-${start}`, to: `${y}-${end}` }
    : { from: `${y}-${start}`, to: `${y + 1}-${end}` }
}

/** 65号令 "两关闭" and floor-area breaches, on outlets drawn at random. */
function breachHouseRules(context: Context, random: Random, rows: OutletRow[]): void {
  const minArea = setting<number>('fireworks_min_floor_area_m2')
  const drawn = random.shuffle(rows)
  const small = scaled(context, 6)
  const residence = scaled(context, 7)
  const notDedicated = scaled(context, 7)
  drawn.slice(0, small).forEach((r) => (r.floorAreaM2 = Math.round(random.float(5, minArea - 0.5) * 10) / 10))
  drawn.slice(small, small + residence).forEach((r) => (r.sharesResidence = true))
  drawn.slice(small + residence - 2, small + residence + notDedicated).forEach((r) => (r.dedicatedShop = false))
}
