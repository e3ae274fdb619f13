import { z } from 'zod'
import { ledgerLimits } from '../../lib/limits.ts'
import { enterpriseStatuses, hazardLevels, hazardStatuses, riskLevels, sectors } from '../../db/vocabulary.ts'
import { countParam, gridCode, isoDate, listParam, maxInt, text, townCode } from '../http/values.ts'
import { visitStates } from '../rules/visit-due.ts'

/** A page, an export and the free text's length are bounded by lib/limits.ts (ledgerLimits). */
export const ledgerPageMax = ledgerLimits.page
export const ledgerPageDefault = ledgerLimits.defaultPage
export const exportCap = ledgerLimits.export
/** Free text is matched as a substring (ILIKE, wildcards escaped), at most this long. */
export const ledgerTextMax = ledgerLimits.text

/** The columns each ledger sorts by (its whitelist); `id` is always the last tiebreak. */
export const enterpriseSorts = [
  'id',
  'name',
  'uscc',
  'town',
  'grid',
  'sector',
  'risk_level',
  'status',
  'employees',
  'last_visit_on',
  'due_in_days',
  'open_hazards',
] as const
export const hazardSorts = [
  'id',
  'enterprise_name',
  'town',
  'grid',
  'level',
  'status',
  'found_on',
  'deadline',
  'closed_on',
  'days_overdue',
] as const

const flag = z.enum(['true', 'false']).transform((value) => value === 'true')

const common = {
  dir: z.enum(['asc', 'desc']).optional(),
  town_code: townCode.optional(),
  grid_code: gridCode.optional(),
  sector: listParam(z.enum(sectors)).optional(),
  q: text(ledgerTextMax, 0).optional(),
}

const fromTo = <T extends { from?: string; to?: string }>(value: T, ctx: z.RefinementCtx) => {
  if (value.from && value.to && value.from > value.to)
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after `to`' })
}

const enterpriseFilters = {
  ...common,
  sort: z.enum(enterpriseSorts).optional(),
  risk_level: listParam(z.enum(riskLevels)).optional(),
  status: listParam(z.enum(enterpriseStatuses)).optional(),
  visit_state: listParam(z.enum(visitStates)).optional(),
}

const hazardFilters = {
  ...common,
  sort: z.enum(hazardSorts).optional(),
  /** The enterprise's risk level. */
  risk_level: listParam(z.enum(riskLevels)).optional(),
  level: listParam(z.enum(hazardLevels)).optional(),
  status: listParam(z.enum(hazardStatuses)).optional(),
  overdue: flag.optional(),
  /** found_on from … to, inclusive. */
  from: isoDate.optional(),
  to: isoDate.optional(),
}

const page = { limit: countParam(ledgerPageMax, 1).optional(), offset: countParam(maxInt).optional() }

export const enterpriseExportQuery = z.strictObject(enterpriseFilters)
export const enterpriseQuery = z.strictObject({ ...enterpriseFilters, ...page })
export const hazardExportQuery = z.strictObject(hazardFilters).superRefine(fromTo)
export const hazardQuery = z.strictObject({ ...hazardFilters, ...page }).superRefine(fromTo)

export type EnterpriseFilter = z.output<typeof enterpriseExportQuery>
export type HazardFilter = z.output<typeof hazardExportQuery>
export type Page = { limit: number; offset: number }
