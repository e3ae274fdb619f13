import type { FilterSpecification } from 'maplibre-gl'
import type { RiskLevel, Sector } from '../domain/vocab.ts'

/** The map's filters; an empty list means "all". The same lists go to the statistics endpoints. */
export type MapFilters = { towns: string[]; sectors: Sector[]; risks: RiskLevel[] }

export const noFilters = (): MapFilters => ({ towns: [], sectors: [], risks: [] })

export const hasFilters = (filters: MapFilters) =>
  filters.towns.length > 0 || filters.sectors.length > 0 || filters.risks.length > 0

type Props = Record<string, unknown> | null | undefined

/** Whether a feature's properties pass the filters; `enterpriseBased` layers also test sector and risk. */
export function matchesFilters(properties: Props, filters: MapFilters, enterpriseBased: boolean): boolean {
  const value = (key: string) => properties?.[key]
  if (filters.towns.length > 0 && !filters.towns.includes(value('town_code') as string)) return false
  if (!enterpriseBased) return true
  if (filters.sectors.length > 0 && !filters.sectors.includes(value('sector') as Sector)) return false
  if (filters.risks.length > 0 && !filters.risks.includes(value('risk_level') as RiskLevel)) return false
  return true
}

/** The same test as a style filter expression, for setFilter; null when nothing is filtered. */
export function filterExpression(filters: MapFilters, enterpriseBased: boolean): FilterSpecification | null {
  const tests: FilterSpecification[] = []
  const within = (key: string, values: string[]): FilterSpecification => ['in', ['get', key], ['literal', values]]
  if (filters.towns.length > 0) tests.push(within('town_code', filters.towns))
  if (enterpriseBased && filters.sectors.length > 0) tests.push(within('sector', filters.sectors))
  if (enterpriseBased && filters.risks.length > 0) tests.push(within('risk_level', filters.risks))
  if (tests.length === 0) return null
  return tests.length === 1 ? tests[0]! : (['all', ...tests] as FilterSpecification)
}

/** The statistics endpoints' query for these filters (comma-separated lists). */
export function statsQuery(filters: MapFilters): Record<string, string | undefined> {
  const list = (values: string[]) => (values.length > 0 ? values.join(',') : undefined)
  return { town_code: list(filters.towns), sector: list(filters.sectors), risk_level: list(filters.risks) }
}
