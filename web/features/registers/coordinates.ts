import { crsInfo, fromWgs84Converter, toWgs84Converter, wgs84 } from '../../../lib/crs.ts'
import { countyBounds } from '../../map/style.ts'

/**
 * A position as the user types it: two numbers in a chosen system (lib/crs.ts crsChoices). The map
 * shows it in WGS84; the server is sent the numbers as typed with their system, and converts them
 * itself (the same lib/crs.ts), keeping the system as the record's source_crs.
 */
export type CoordinateEntry = { crs: string; x: string; y: string }

export const emptyEntry = (crs: string = wgs84): CoordinateEntry => ({ crs, x: '', y: '' })

/** Degrees to 6 places (~0.1 m); metres of a projected system to the centimetre. */
const decimals = (crs: string) => (crsInfo(crs)?.kind === 'projected' ? 2 : 6)

const number = (text: string): number | null => {
  const trimmed = text.trim()
  if (trimmed === '') return null
  const value = Number(trimmed)
  return Number.isFinite(value) ? value : null
}

/** The typed numbers, or null while either is missing or not a number. */
export function entryNumbers(entry: CoordinateEntry): [number, number] | null {
  const x = number(entry.x)
  const y = number(entry.y)
  return x === null || y === null ? null : [x, y]
}

/** Where the typed position lies in WGS84 (for the marker), or null when it cannot be read. */
export function entryToWgs84(entry: CoordinateEntry): [number, number] | null {
  const xy = entryNumbers(entry)
  if (!xy) return null
  const [lon, lat] = toWgs84Converter(entry.crs)(xy)
  return Number.isFinite(lon) && Number.isFinite(lat) ? [lon, lat] : null
}

/** A WGS84 point (a click, a drag) as the numbers of the entry's system. */
export function entryFromWgs84(at: [number, number], crs: string): CoordinateEntry {
  const [x, y] = fromWgs84Converter(crs)(at)
  const places = decimals(crs)
  return { crs, x: x.toFixed(places), y: y.toFixed(places) }
}

/** The same position in another system (the user changes the system of a placed point). */
export function convertEntry(entry: CoordinateEntry, crs: string): CoordinateEntry {
  const at = entryToWgs84(entry)
  return at ? entryFromWgs84(at, crs) : { ...entry, crs }
}

/** True when a WGS84 point lies in the county's extent (DOMAIN §2): a typed point outside is likely the wrong system. */
export function insideCounty([lon, lat]: [number, number]): boolean {
  const [[west, south], [east, north]] = countyBounds
  return lon >= west && lon <= east && lat >= south && lat <= north
}

/** The body's `location`: the typed numbers and their system. */
export function locationOf(entry: CoordinateEntry): { lon: number; lat: number; crs: string } | null {
  const xy = entryNumbers(entry)
  return xy ? { lon: xy[0], lat: xy[1], crs: entry.crs } : null
}
