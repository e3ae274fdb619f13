import type { Feature, FeatureCollection, GeoJsonProperties, Geometry } from 'geojson'
import type { Link } from './links.ts'

/**
 * The OGC answers routes.ts writes as text (the features come from SQL, so no handler types them),
 * named here for the web (`import type`, web/api/ogc.ts). OGC API – Features names, not snake_case:
 * GIS clients read them. The properties are each collection's (collections.ts), snake_case.
 */

/** GET /ogc/collections/{collectionId}/items: one page of a collection. */
export type ItemsPage<G extends Geometry = Geometry, P = GeoJsonProperties> = FeatureCollection<G, P> & {
  numberMatched: number
  numberReturned: number
  timeStamp: string
  links: Link[]
}

/** GET /ogc/collections/{collectionId}/items/{featureId}: one feature with its links. */
export type ItemAnswer<G extends Geometry = Geometry, P = GeoJsonProperties> = Feature<G, P> & { links: Link[] }
