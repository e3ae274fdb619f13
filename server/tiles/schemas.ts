import { z } from 'zod'

/** Zoom levels a tile may be asked for: MapLibre's and GDAL's range. */
export const maxTileZoom = 22

const digits = (what: string) =>
  z
    .string()
    .regex(/^\d{1,7}$/, `${what} must be a whole number`)
    .transform(Number)

/**
 * `/tiles/{layer}/{z}/{x}/{y}.mvt`: z in 0–22, x and y in 0…2^z−1. The layer is looked up by the
 * route (an unknown one is a 404 that lists the layers).
 */
export const tileParams = z
  .object({
    layer: z.string(),
    z: digits('z').pipe(z.number().int().min(0).max(maxTileZoom)),
    x: digits('x'),
    y: z
      .string()
      .regex(/^\d{1,7}\.mvt$/, 'y must be a whole number followed by .mvt')
      .transform((value) => Number(value.slice(0, -'.mvt'.length))),
  })
  .superRefine((tile, ctx) => {
    const size = 2 ** tile.z
    for (const axis of ['x', 'y'] as const) {
      if (tile[axis] >= size) {
        ctx.addIssue({ code: 'custom', path: [axis], message: `${axis} must be below 2^z = ${size} at zoom ${tile.z}` })
      }
    }
  })

/** `/tiles/{layer}.json`. */
export const tileJsonParams = z.object({
  file: z.string().regex(/^[a-z-]+\.json$/, 'a layer id followed by .json, e.g. enterprises.json'),
})
