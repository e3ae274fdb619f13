import { booleanPointInPolygon } from '@turf/turf'
import type { BBox, MultiPolygon } from 'geojson'

type Area = { bbox: BBox; geom: MultiPolygon }

/**
 * Which of many polygons holds a point: a uniform bucket index over the polygons' bounding boxes,
 * so locating hundreds of thousands of points costs a few point-in-polygon tests each.
 */
export function createLocator(areas: readonly Area[], buckets = 64): (lon: number, lat: number) => number {
  const [minX, minY, maxX, maxY] = areas.reduce<BBox>(
    (b, a) => [
      Math.min(b[0], a.bbox[0]),
      Math.min(b[1], a.bbox[1]),
      Math.max(b[2], a.bbox[2]),
      Math.max(b[3], a.bbox[3]),
    ],
    [Infinity, Infinity, -Infinity, -Infinity],
  )
  const cellX = (maxX - minX) / buckets
  const cellY = (maxY - minY) / buckets
  const column = (x: number) => Math.min(buckets - 1, Math.max(0, Math.floor((x - minX) / cellX)))
  const row = (y: number) => Math.min(buckets - 1, Math.max(0, Math.floor((y - minY) / cellY)))
  const index: number[][] = Array.from({ length: buckets * buckets }, () => [])
  areas.forEach((area, i) => {
    for (let r = row(area.bbox[1]); r <= row(area.bbox[3]); r++) {
      for (let c = column(area.bbox[0]); c <= column(area.bbox[2]); c++) index[r * buckets + c]!.push(i)
    }
  })
  return (lon, lat) => {
    if (lon < minX || lon > maxX || lat < minY || lat > maxY) return -1
    for (const i of index[row(lat) * buckets + column(lon)]!) {
      const { bbox, geom } = areas[i]!
      if (lon < bbox[0] || lon > bbox[2] || lat < bbox[1] || lat > bbox[3]) continue
      if (booleanPointInPolygon([lon, lat], geom, { ignoreBoundary: true })) return i
    }
    return -1
  }
}
