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
 * The chemicals layer: 涉氨制冷 (ammonia_tonnes > 0) and 两重点一重大 units, as the server decided
 * them (`key_hazchem_unit` and `major_hazard_source` of the OGC enterprises, from
 * server/rules/major-hazard-source.ts with the live ammonia setting), so the layer draws the units
 * the statistics count as 两重点一重大; a hazchem-sector enterprise that is neither is in the
 * enterprise layer only.
 */
export function chemicalUnits(enterprises: PointCollection): PointCollection {
  const features: Feature<Point, Props>[] = []
  for (const feature of enterprises.features) {
    const p = feature.properties
    const ammonia = p.ammonia_tonnes != null && Number(p.ammonia_tonnes) > 0
    const majorSource = p.major_hazard_source === true
    const keyHazchem = p.key_hazchem_unit === true
    if (!ammonia && !keyHazchem) continue
    features.push({ ...feature, properties: { ...p, ammonia, hazchem: keyHazchem, major_source: majorSource } })
  }
  return collection(features)
}

/** Dust enterprises with `alert`: more than `threshold` (the live setting) on one shift and not verified. */
export function dustWithAlerts(dust: PointCollection, threshold: number): PointCollection {
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
