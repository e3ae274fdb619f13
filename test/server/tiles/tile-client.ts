import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import type { Request } from '../../support/test-app.ts'

export type DecodedFeature = { id: number | undefined; type: number; properties: Record<string, unknown> }

/** The features of every layer of an MVT, by layer name (@mapbox/vector-tile, as MapLibre reads them). */
export function decodeTile(bytes: Uint8Array): Record<string, DecodedFeature[]> {
  const tile = new VectorTile(new PbfReader(bytes))
  return Object.fromEntries(
    Object.entries(tile.layers).map(([name, layer]) => {
      const features: DecodedFeature[] = []
      for (let i = 0; i < layer.length; i++) {
        const feature = layer.feature(i)
        features.push({ id: feature.id, type: feature.type, properties: { ...feature.properties } })
      }
      return [name, features]
    }),
  )
}

/** GET a tile as `as`, expecting a 200, and its decoded features of `layer`. */
export async function getTile(request: Request, path: string, layer: string, as?: string) {
  const response = await request(`/tiles/${path}`, {}, as)
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  return decodeTile(bytes)[layer] ?? []
}

/** The XYZ tiles covering a lon/lat box at zoom z. */
export function tilesCovering(z: number, [west, south, east, north]: number[]) {
  const n = 2 ** z
  const column = (lon: number) => Math.floor(((lon + 180) / 360) * n)
  const row = (lat: number) => {
    const rad = (lat * Math.PI) / 180
    return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)
  }
  const tiles: { z: number; x: number; y: number }[] = []
  for (let x = column(west!); x <= column(east!); x++) {
    for (let y = row(north!); y <= row(south!); y++) tiles.push({ z, x, y })
  }
  return tiles
}
