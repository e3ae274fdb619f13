import { bbox } from '@turf/turf'
import type { Feature, FeatureCollection } from 'geojson'

export type Bounds = [number, number, number, number]

/** How far around the county a row may lie and still frame the preview (degrees, about 50 km). */
const margin = 0.5

/**
 * What the preview map frames: the rows near the county (its bounds with a margin), so that one
 * row far away — a point in Beijing, a swapped longitude/latitude — does not zoom the map out of
 * the county; null when no row is near it (the map then frames the county).
 */
export function previewFrame(preview: FeatureCollection, county: [[number, number], [number, number]]): Bounds | null {
  const [[west, south], [east, north]] = county
  const near = preview.features.filter((feature: Feature) => {
    if (!feature.geometry) return false
    const [minX, minY, maxX, maxY] = bbox(feature)
    return minX >= west - margin && maxX <= east + margin && minY >= south - margin && maxY <= north + margin
  })
  if (near.length === 0) return null
  return bbox({ type: 'FeatureCollection', features: near }) as Bounds
}
