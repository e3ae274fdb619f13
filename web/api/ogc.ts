import type { FeatureCollection, Geometry } from 'geojson'
import { api, type ApiClient, type Query } from './client.ts'

export type OgcCollectionId =
  | 'towns'
  | 'grids'
  | 'enterprises'
  | 'dust'
  | 'confined-spaces'
  | 'fireworks-outlets'
  | 'sensitive-sites'
  | 'zones'
  | 'hazards'

export type Props = Record<string, unknown>

export type OgcFeatureCollection<G extends Geometry = Geometry> = FeatureCollection<G, Props> & {
  numberMatched?: number
  numberReturned?: number
  links?: { href: string; rel: string; type?: string }[]
}

export type OgcFeature<G extends Geometry = Geometry> = GeoJSON.Feature<G, Props>

const pageSize = 10_000
const geoJson = 'application/geo+json'

/**
 * Every item of a collection matching `filters`, fetched page by page (limit 10,000) until the
 * server has no `next` page. numberMatched is the server's count.
 */
export async function fetchAllItems<G extends Geometry = Geometry>(
  collection: OgcCollectionId,
  filters: Query = {},
  client: ApiClient = api,
): Promise<OgcFeatureCollection<G>> {
  const features: OgcFeature<G>[] = []
  let numberMatched: number | undefined
  for (let offset = 0; ; offset += pageSize) {
    const page = await client.getJson<OgcFeatureCollection<G>>(
      `/ogc/collections/${collection}/items`,
      { ...filters, limit: pageSize, offset: offset || undefined },
      geoJson,
    )
    features.push(...page.features)
    numberMatched ??= page.numberMatched
    const hasNext = page.links?.some((link) => link.rel === 'next') ?? false
    if (!hasNext || page.features.length < pageSize) break
  }
  return {
    type: 'FeatureCollection',
    features,
    numberMatched: numberMatched ?? features.length,
    numberReturned: features.length,
  }
}

export function fetchItem<G extends Geometry = Geometry>(
  collection: OgcCollectionId,
  id: string | number,
  client: ApiClient = api,
) {
  return client.getJson<OgcFeature<G>>(
    `/ogc/collections/${collection}/items/${encodeURIComponent(String(id))}`,
    {},
    geoJson,
  )
}
