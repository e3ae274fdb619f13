import type { Feature, Geometry } from 'geojson'
import { centroid } from '@turf/turf'

export type SearchHit = {
  kind: 'enterprise' | 'grid'
  id: string | number
  label: string
  detail: string
  center: [number, number]
}

type Props = Record<string, unknown>

/**
 * Enterprises by name or USCC and grids by code or name. Exact code matches come first, then
 * names that start with the text, then names that contain it; at most `limit` hits.
 */
export function searchFeatures(
  text: string,
  enterprises: Feature<Geometry, Props>[],
  grids: Feature<Geometry, Props>[],
  limit = 12,
): SearchHit[] {
  const query = text.trim().toUpperCase()
  if (query.length === 0) return []
  const scored: { score: number; hit: () => SearchHit }[] = []
  const score = (name: string, code: string) => {
    if (code === query) return 0
    if (code.startsWith(query) && query.length >= 4) return 1
    const upper = name.toUpperCase()
    if (upper.startsWith(query)) return 2
    if (upper.includes(query)) return 3
    return -1
  }
  for (const grid of grids) {
    const s = score(String(grid.properties.name ?? ''), String(grid.properties.code ?? ''))
    if (s < 0) continue
    scored.push({
      score: s,
      hit: () => ({
        kind: 'grid',
        id: String(grid.properties.code),
        label: String(grid.properties.name),
        detail: `${String(grid.properties.code)} · ${String(grid.properties.town_name ?? '')}`,
        center: centroid(grid).geometry.coordinates as [number, number],
      }),
    })
  }
  for (const enterprise of enterprises) {
    const s = score(String(enterprise.properties.name ?? ''), String(enterprise.properties.uscc ?? ''))
    if (s < 0) continue
    scored.push({
      score: s,
      hit: () => ({
        kind: 'enterprise',
        id: enterprise.id as number,
        label: String(enterprise.properties.name),
        detail: String(enterprise.properties.uscc ?? ''),
        center: (enterprise.geometry as GeoJSON.Point).coordinates as [number, number],
      }),
    })
  }
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map((entry) => entry.hit())
}
