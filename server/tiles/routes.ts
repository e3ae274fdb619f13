/**
 * Scoped vector tiles (issue 14), mounted at /tiles: every OGC collection as Mapbox Vector Tiles,
 * for MapLibre, QGIS and GDAL.
 *
 * | method | path                            | returns                                                        |
 * |--------|---------------------------------|----------------------------------------------------------------|
 * | GET    | /tiles                          | the layers, each with its TileJSON link                        |
 * | GET    | /tiles/{layer}.json             | TileJSON 3.0.0: tiles URL, scoped bounds, zooms, vector_layers |
 * | GET    | /tiles/{layer}/{z}/{x}/{y}.mvt  | the tile (application/vnd.mapbox-vector-tile), gzip if asked   |
 *
 * Layers (server/tiles/layers.ts): towns, grids, zones, enterprises, dust, confined-spaces,
 * hazards, fireworks-outlets, sensitive-sites. A tile holds only what the caller's scope sees; an
 * empty area is a 200 with an empty tile (zero bytes). z is 0–22, x and y below 2^z; a bad
 * address is a 400, an unknown layer a 404, a query parameter a 400 (tiles take none yet).
 */
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { Hono, type Context } from 'hono'
import { ApiError, badRequest, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { param } from '../http/validate.ts'
import { clusterFields, findTileLayer, tileLayerIds, tileLayers, type TileLayer } from './layers.ts'
import { layerBounds, layerTile, rulesFor, type TileReader } from './queries.ts'
import { tileJsonParams, tileParams } from './schemas.ts'
import { maxLatitude } from './tile-address.ts'

export const mvtType = 'application/vnd.mapbox-vector-tile'
/** Announced in TileJSON: past it clients overzoom (6-decimal data is finer than a z16 tile unit needs). */
const announcedMaxZoom = 16

type Ctx = Context<AppEnv>

function layerOrThrow(id: string): TileLayer {
  const layer = findTileLayer(id)
  if (!layer) throw notFound(`No tile layer "${id}"; layers: ${tileLayerIds.join(', ')}`, { layers: tileLayerIds })
  return layer
}

/**
 * Tiles are data like every read: nobody unauthenticated (server/auth/authenticate.ts answers
 * first once /tiles is among its protected prefixes), and no shared cache keeps one scope's tile
 * for another.
 */
function reader(c: Ctx): TileReader {
  if (!c.get('principal')) throw new ApiError(401, 'Log in or send Authorization: Bearer <token>', undefined)
  c.header('Cache-Control', 'private, no-cache')
  c.header('Vary', 'Cookie, Authorization', { append: true })
  return { db: c.get('db'), scope: c.get('scope'), today: c.get('today') }
}

function refuseQuery(c: Ctx) {
  const names = [...new URL(c.req.url).searchParams.keys()]
  if (names.length > 0) throw badRequest(`Tiles take no query parameters (got ${names.join(', ')})`, { allowed: [] })
}

const origin = (c: Ctx) => c.get('publicOrigin') ?? new URL(c.req.url).origin

async function tileJson(c: Ctx, read: TileReader, layer: TileLayer) {
  const [bounds, rules] = await Promise.all([layerBounds(read, layer), rulesFor(read.db, layer, read.today)])
  const [west, south, east, north] = bounds
    ? [bounds.west, bounds.south, bounds.east, bounds.north]
    : [-180, -maxLatitude, 180, maxLatitude]
  const fields = [...layer.fields(rules), ...clusterFields(layer)]
  return {
    tilejson: '3.0.0',
    name: layer.title,
    description: layer.description,
    scheme: 'xyz',
    tiles: [`${origin(c)}/tiles/${layer.id}/{z}/{x}/{y}.mvt`],
    minzoom: 0,
    maxzoom: announcedMaxZoom,
    bounds: [west, south, east, north],
    center: [(west + east) / 2, (south + north) / 2, bounds ? 10 : 0],
    vector_layers: [
      {
        id: layer.id,
        description: layer.description,
        minzoom: 0,
        maxzoom: announcedMaxZoom,
        fields: Object.fromEntries(fields.map((field) => [field.name, field.type])),
      },
    ],
  }
}

export const tiles = new Hono<AppEnv>()
  .get('/', (c) => {
    reader(c)
    return c.json({
      layers: tileLayers.map((layer) => ({
        id: layer.id,
        title: layer.title,
        tilejson: `${origin(c)}/tiles/${layer.id}.json`,
      })),
    })
  })
  .get('/:file', param(tileJsonParams), async (c) => {
    const read = reader(c)
    refuseQuery(c)
    const layer = layerOrThrow(c.req.valid('param').file.slice(0, -'.json'.length))
    return c.json(await tileJson(c, read, layer))
  })
  .get('/:layer/:z/:x/:y', param(tileParams), async (c) => {
    const read = reader(c)
    refuseQuery(c)
    const { layer: id, z, x, y } = c.req.valid('param')
    const tile = await layerTile(read, layerOrThrow(id), { z, x, y })
    // Weak: the gzip and identity bodies are the same tile.
    c.header('ETag', `W/"${createHash('sha1').update(tile).digest('hex')}"`)
    c.header('Content-Type', mvtType)
    c.header('Vary', 'Accept-Encoding', { append: true })
    if (tile.length > 0 && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      c.header('Content-Encoding', 'gzip')
      return c.body(new Uint8Array(gzipSync(tile)))
    }
    return c.body(tile)
  })
