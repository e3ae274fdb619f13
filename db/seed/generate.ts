import type {
  accidents,
  confinedSpaces,
  drills,
  enterprises,
  fireworksOutlets,
  grids,
  hazards,
  inspectionCampaigns,
  inspections,
  outletInspections,
  regions,
  sensitiveSites,
  users,
  zones,
} from '../schema.ts'
import { buildAccidents } from './accidents.ts'
import { buildCampaigns } from './campaigns.ts'
import { buildConfinedSpaces } from './confined-spaces.ts'
import type { Context } from './context.ts'
import { toDay, yearOf } from './dates.ts'
import { buildDrills } from './drills.ts'
import { buildEnterprises } from './enterprises.ts'
import { buildFireworksOutlets } from './fireworks-outlets.ts'
import { buildTowns, countyGeom } from './geography.ts'
import { buildGrids } from './grids.ts'
import { buildHazards } from './hazards.ts'
import { buildInspections } from './inspections.ts'
import { createLocator } from './locate.ts'
import { buildOutletInspections } from './outlet-inspections.ts'
import { createRandom } from '../../lib/seeded-random.ts'
import { buildSensitiveSites } from './sensitive-sites.ts'
import { county, peoplePerHousehold } from './units.ts'
import { buildUsers } from './users.ts'
import { buildZones } from './zones.ts'

export type DemoOptions = { seed: string; scale: number; asOf: string /* 'YYYY-MM-DD', the demo's "today" */ }

/** Rows ready for Drizzle inserts, in insert order; ids are explicit so rows can reference each other. */
export type DemoData = {
  regions: (typeof regions.$inferInsert)[]
  grids: (typeof grids.$inferInsert)[]
  enterprises: (typeof enterprises.$inferInsert)[]
  confinedSpaces: (typeof confinedSpaces.$inferInsert)[]
  sensitiveSites: (typeof sensitiveSites.$inferInsert)[]
  zones: (typeof zones.$inferInsert)[]
  fireworksOutlets: (typeof fireworksOutlets.$inferInsert)[]
  outletInspections: (typeof outletInspections.$inferInsert)[]
  inspectionCampaigns: (typeof inspectionCampaigns.$inferInsert)[]
  inspections: (typeof inspections.$inferInsert)[]
  hazards: (typeof hazards.$inferInsert)[]
  accidents: (typeof accidents.$inferInsert)[]
  drills: (typeof drills.$inferInsert)[]
  /** The demo accounts of DESIGN §4 (embedded demo only). */
  users: (typeof users.$inferInsert)[]
}

/**
 * A believable, entirely synthetic Sheyang (DESIGN §3). Pure: the same options give byte-identical
 * data. Geography depends on the seed only; `scale` multiplies enterprises, outlets, sites and
 * activity but never the grids.
 */
export function generateDemoData(options: DemoOptions): DemoData {
  if (!(options.scale > 0)) throw new Error(`scale must be positive, got ${options.scale}`)
  toDay(options.asOf)
  const random = createRandom(options.seed)
  const towns = buildTowns()
  const gridList = buildGrids(random.fork('grids'), towns)
  const context: Context = {
    scale: options.scale,
    asOf: options.asOf,
    year: yearOf(options.asOf),
    towns,
    grids: gridList,
    zones: buildZones(random.fork('zones'), towns),
    locate: createLocator(gridList),
  }
  const enterpriseList = buildEnterprises(context, random.fork('enterprises'))
  const sites = buildSensitiveSites(context, random.fork('sites'))
  const campaigns = buildCampaigns(context, random.fork('campaigns'))
  const inspectionRows = buildInspections(context, random.fork('inspections'), enterpriseList, campaigns)
  // Hazards write the findings of the inspections that found them.
  const hazardRows = buildHazards(context, random.fork('hazards'), enterpriseList, inspectionRows)
  const outlets = buildFireworksOutlets(context, random.fork('fireworks-outlets'), sites, enterpriseList)
  const population = towns.reduce((sum, t) => sum + t.population, 0)

  return {
    regions: [
      {
        code: county.code,
        name: county.name,
        kind: 'county',
        parentCode: null,
        population,
        households: towns.reduce((sum, t) => sum + households(t.population), 0),
        syntheticGeometry: true,
        seat: { type: 'Point', coordinates: county.seat },
        geom: countyGeom,
      },
      ...towns.map((t) => ({
        code: t.code,
        name: t.name,
        kind: t.kind,
        parentCode: county.code,
        population: t.population,
        households: households(t.population),
        syntheticGeometry: true,
        seat: { type: 'Point' as const, coordinates: t.seat },
        geom: t.geom,
      })),
    ],
    grids: gridList.map(({ bbox: _bbox, areaKm2: _area, ...row }) => row),
    enterprises: enterpriseList.map((e) => e.row),
    confinedSpaces: buildConfinedSpaces(context, random.fork('confined-spaces'), enterpriseList),
    sensitiveSites: sites,
    zones: Object.values(context.zones).map(({ bbox: _bbox, ...row }, i) => ({ id: i + 1, ...row })),
    fireworksOutlets: outlets,
    outletInspections: buildOutletInspections(context, random.fork('outlet-inspections'), outlets),
    inspectionCampaigns: campaigns.map((c) => c.row),
    inspections: inspectionRows,
    hazards: hazardRows,
    accidents: buildAccidents(context, random.fork('accidents'), enterpriseList),
    drills: buildDrills(context, random.fork('drills'), enterpriseList),
    users: buildUsers(context),
  }
}

function households(population: number): number {
  return Math.round(population / peoplePerHousehold)
}
