import { kml } from '@tmcw/togeojson'
import { DOMParser } from '@xmldom/xmldom'
import type { Geometry } from 'geojson'
import { featureRows, type FeatureLike } from './geojson.ts'
import { readError } from './problems.ts'
import { decodeText } from './text.ts'
import type { ReadResult } from './types.ts'
import { extractZip, type ZipEntry } from './zip.ts'

/** What togeojson adds from a Placemark's style: drawing, not data, so no column of its own. */
const styleKey = /^(styleUrl|styleHash|styleMapHash|visibility|stroke|fill|icon|label|highlight)/

/**
 * A MultiGeometry comes as a GeometryCollection: of points only it is a MultiPoint, of polygons
 * a MultiPolygon, of lines a MultiLineString (as the checker takes them); mixed, it stays.
 */
function simplified(geometry: Geometry | null): Geometry | null {
  if (geometry?.type !== 'GeometryCollection') return geometry
  const parts = geometry.geometries.map(simplified)
  if (parts.length === 0) return null
  if (parts.every((g) => g?.type === 'Point'))
    return { type: 'MultiPoint', coordinates: parts.map((g) => (g as { coordinates: number[] }).coordinates) }
  if (parts.every((g) => g?.type === 'LineString'))
    return { type: 'MultiLineString', coordinates: parts.map((g) => (g as { coordinates: number[][] }).coordinates) }
  if (parts.every((g) => g?.type === 'Polygon' || g?.type === 'MultiPolygon'))
    return {
      type: 'MultiPolygon',
      coordinates: parts.flatMap((g) =>
        g!.type === 'Polygon' ? [g!.coordinates] : (g as { coordinates: number[][][][] }).coordinates,
      ),
    }
  return geometry
}

/** KML text's Placemarks as features: name, description (its text) and ExtendedData as values. */
function placemarks(fileName: string, text: string): FeatureLike[] {
  let collection
  try {
    const doc = new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml')
    if (doc.getElementsByTagName('kml').length === 0) throw new Error('no kml root')
    collection = kml(doc as unknown as Document)
  } catch {
    throw readError('invalid_kml', fileName, '不是有效的 KML 文件（XML 不完整或已损坏）')
  }
  return collection.features.map((feature) => {
    const properties: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(feature.properties ?? {})) {
      if (styleKey.test(key)) continue
      const html = typeof value === 'object' && value !== null && 'value' in value
      properties[key] = html ? (value as { value: unknown }).value : value
    }
    return { properties, geometry: simplified(feature.geometry) }
  })
}

/** A KML file (togeojson over xmldom): one row per Placemark, Point, Polygon and MultiGeometry. */
export function readKml(fileName: string, bytes: Uint8Array, encoding: 'auto' | 'utf-8' | 'gbk'): ReadResult {
  const decoded = decodeText(fileName, bytes, encoding)
  return featureRows(fileName, placemarks(fileName, decoded.text), { format: 'kml', encoding: decoded.encoding })
}

/** A KMZ: a zip whose doc.kml (or else its one .kml nearest the root) is the document. */
export function readKmz(
  fileName: string,
  bytes: Uint8Array,
  entries: readonly ZipEntry[],
  encoding: 'auto' | 'utf-8' | 'gbk',
): ReadResult {
  const kmls = entries
    .filter((entry) => entry.name.toLowerCase().endsWith('.kml'))
    .sort((a, b) => a.name.split('/').length - b.name.split('/').length)
  const doc = kmls.find((entry) => /(^|\/)doc\.kml$/i.test(entry.name)) ?? kmls[0]
  if (!doc) throw readError('kmz_without_kml', fileName, '压缩包中没有 .kml 文件')
  const kmlBytes = extractZip(fileName, bytes, [doc]).get(doc.rawName)!
  const decoded = decodeText(fileName, kmlBytes, encoding)
  return featureRows(fileName, placemarks(fileName, decoded.text), { format: 'kml', encoding: decoded.encoding })
}
