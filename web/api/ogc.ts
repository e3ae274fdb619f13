import type { Geometry } from 'geojson'
import type { ItemAnswer, ItemsPage } from '../../server/ogc/answer-types.ts'
import type { CollectionId } from '../../server/ogc/collections.ts'
import { api, type ApiClient, type Query } from './client.ts'

/** The OGC collections (server/ogc/collections.ts), by the id the web's layers use. */
export type OgcCollectionId = CollectionId

/** A feature's properties: its collection's columns (server/ogc/collections.ts), snake_case. */
export type Props = Record<string, unknown>

/** Every page of a collection, merged: the features and the server's count of the matches. */
export type OgcFeatureCollection<G extends Geometry = Geometry> = Pick<
  ItemsPage<G, Props>,
  'type' | 'features' | 'numberMatched' | 'numberReturned'
>

/** One item (GET /ogc/collections/{collectionId}/items/{featureId}). */
export type OgcFeature<G extends Geometry = Geometry> = ItemAnswer<G, Props>

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
  const features: OgcFeatureCollection<G>['features'] = []
  let numberMatched: number | undefined
  for (let offset = 0; ; offset += pageSize) {
    const page = await client.getJson<ItemsPage<G, Props>>(
      `/ogc/collections/${collection}/items`,
      { ...filters, limit: pageSize, offset: offset || undefined },
      geoJson,
    )
    features.push(...page.features)
    numberMatched ??= page.numberMatched
    const hasNext = page.links.some((link) => link.rel === 'next')
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
