/** A tile of the Web Mercator XYZ scheme (origin top left), as MapLibre, QGIS and GDAL request them. */
export type TileAddress = { z: number; x: number; y: number }

/** Degrees: the tile's edges in WGS84. */
export type TileBounds = { west: number; south: number; east: number; north: number }

/** Web Mercator stops at ±85.0511°, where the square world map ends. */
export const maxLatitude = 85.0511287798066

/** MVT coordinates per tile side, and the margin (in the same units) kept around a tile. */
export const extent = 4096
export const buffer = 64

const lonAt = (x: number, z: number) => (x / 2 ** z) * 360 - 180
const latAt = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI
const clampLat = (lat: number) => Math.max(-maxLatitude, Math.min(maxLatitude, lat))

/** The tile's edges, widened by `margin` tile widths on each side (0: the tile itself). */
export function tileBounds({ z, x, y }: TileAddress, margin = 0): TileBounds {
  return {
    west: Math.max(-180, lonAt(x - margin, z)),
    east: Math.min(180, lonAt(x + 1 + margin, z)),
    north: clampLat(latAt(y - margin, z)),
    south: clampLat(latAt(y + 1 + margin, z)),
  }
}
