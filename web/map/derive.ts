import { pointOnFeature } from '@turf/turf'
import type { Feature, FeatureCollection, Geometry, LineString, Point } from 'geojson'

type Props = Record<string, unknown>
export type PointCollection = FeatureCollection<Point, Props>

const collection = <G extends GeoJSON.Geometry>(features: Feature<G, Props>[]): FeatureCollection<G, Props> => ({
  type: 'FeatureCollection',
  features,
})

/** One label point per area, inside it (a centroid can fall outside a concave polygon). */
export function labelPoints(areas: FeatureCollection<Geometry, Props>): PointCollection {
  return collection(
    areas.features.map((area) => ({
      type: 'Feature',
      id: area.id,
      geometry: pointOnFeature(area).geometry,
      properties: { code: area.properties.code, name: area.properties.name, town_code: area.properties.town_code },
    })),
  )
}

/**
 * Confined spaces grouped by enterprise: one point per enterprise (at its first space) with the
 * number of spaces, so the layer can size by it.
 */
export function confinedSpacesByEnterprise(spaces: PointCollection): PointCollection {
  const byEnterprise = new Map<unknown, Feature<Point, Props>>()
  for (const space of spaces.features) {
    const key = space.properties.enterprise_id
    const existing = byEnterprise.get(key)
    if (existing) {
      existing.properties.spaces = (existing.properties.spaces as number) + 1
      continue
    }
    byEnterprise.set(key, {
      type: 'Feature',
      id: key as number,
      geometry: space.geometry,
      properties: {
        enterprise_id: key,
        enterprise_name: space.properties.enterprise_name,
        sector: space.properties.sector,
        risk_level: space.properties.risk_level,
        town_code: space.properties.town_code,
        grid_code: space.properties.grid_code,
        spaces: 1,
      },
    })
  }
  return collection([...byEnterprise.values()])
}

/**
 * 涉氨制冷 and 危化 units out of the enterprises: ammonia_tonnes > 0, or sector hazchem, a
 * key-monitored process or chemical, or a major hazard source (两重点一重大).
 */
export function chemicalUnits(enterprises: PointCollection, ammoniaMajorTonnes = 10): PointCollection {
  const features: Feature<Point, Props>[] = []
  for (const feature of enterprises.features) {
    const p = feature.properties
    const tonnes = Number(p.ammonia_tonnes ?? 0)
    const ammonia = tonnes > 0
    const hazchem =
      p.sector === 'hazchem' ||
      p.hazchem_key_process === true ||
      p.hazchem_key_chemical === true ||
      p.major_hazard_level != null
    if (!ammonia && !hazchem) continue
    features.push({
      ...feature,
      properties: {
        ...p,
        ammonia,
        hazchem,
        major_source: tonnes >= ammoniaMajorTonnes || p.major_hazard_level != null,
      },
    })
  }
  return collection(features)
}

/** Dust enterprises with `alert`: more than `threshold` workers on one shift and not verified. */
export function dustWithAlerts(dust: PointCollection, threshold = 30): PointCollection {
  return collection(
    dust.features.map((feature) => ({
      ...feature,
      properties: {
        ...feature.properties,
        alert:
          Number(feature.properties.dust_workers_per_shift ?? 0) > threshold &&
          feature.properties.dust_verified !== true,
      },
    })),
  )
}

/** A line from each outlet to its wholesale supplier, for outlets whose supplier is on the map. */
export function supplierLines(
  outlets: PointCollection,
  enterprises: PointCollection,
): FeatureCollection<LineString, Props> {
  const locations = new Map<unknown, Point>()
  for (const enterprise of enterprises.features) locations.set(enterprise.id, enterprise.geometry)
  const features: Feature<LineString, Props>[] = []
  for (const outlet of outlets.features) {
    const supplier = locations.get(outlet.properties.supplier_enterprise_id)
    if (!supplier) continue
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [outlet.geometry.coordinates, supplier.coordinates] },
      properties: {
        outlet_id: outlet.id,
        supplier_enterprise_id: outlet.properties.supplier_enterprise_id,
        status: outlet.properties.status,
        town_code: outlet.properties.town_code,
        grid_code: outlet.properties.grid_code,
      },
    })
  }
  return collection(features)
}
