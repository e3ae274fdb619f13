import type { DrawBody } from '../../api/draws.ts'
import { HttpError, UnreachableError } from '../../api/client.ts'
import { describeError, type Translate } from '../../api/errors.ts'
import type { RiskLevel, Sector } from '../../domain/vocab.ts'
import type { MessageKey } from '../../i18n/messages.ts'
import { drawLimits } from '../../../lib/limits.ts'

/** What the regulator has entered, as entered: numbers stay text until they are checked. */
export type DrawDraft = {
  name: string
  towns: string[]
  sectors: Sector[]
  risks: RiskLevel[]
  inspectors: string[]
  enterprises: string
  perEnterprise: string
  plannedOn: string
  seed: string
}

/** A field's problem: a message key with its parameters, or the server's own words. */
export type DrawError = { key: MessageKey; params?: Record<string, string | number> } | { text: string }
export type DrawErrors = Partial<Record<keyof DrawDraft | 'form', DrawError>>

export const emptyDrawDraft = (today: string): DrawDraft => ({
  name: '',
  towns: [],
  sectors: [],
  risks: [],
  inspectors: [],
  enterprises: '',
  perEnterprise: '2',
  plannedOn: today,
  seed: '',
})

/** The limits server/draws/schemas.ts enforces, from their one place. */
export { drawLimits }

/** Names separated by the separators people type: 、，, ; and new lines (a name may hold a space). */
export const splitNames = (text: string) =>
  text
    .split(/[、，,；;\n]+/)
    .map((name) => name.trim())
    .filter(Boolean)

const wholeNumber = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : NaN)
const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))

/**
 * The server's rules, checked before sending, in the regulator's language. `candidates` is the
 * live count for the current filters (null while it is not known yet).
 */
export function validateDraw(draft: DrawDraft, context: { today: string; candidates: number | null }): DrawErrors {
  const errors: DrawErrors = {}
  const { candidates, today } = context
  if (draft.name.trim().length > drawLimits.name) errors.name = { key: 'draws.errors.nameTooLong' }
  if (candidates === 0) errors.towns = { key: 'draws.errors.noCandidates' }
  const n = wholeNumber(draft.enterprises)
  if (draft.enterprises.trim() === '') errors.enterprises = { key: 'draws.errors.enterprisesRequired' }
  else if (!Number.isInteger(n) || n < 1 || n > drawLimits.enterprises)
    errors.enterprises = { key: 'draws.errors.enterprisesRange', params: { max: drawLimits.enterprises } }
  else if (candidates !== null && candidates > 0 && n > candidates)
    errors.enterprises = { key: 'draws.errors.enterprisesTooMany', params: { n, candidates } }
  const people = new Set(draft.inspectors.map((name) => name.trim()).filter(Boolean))
  if (people.size === 0) errors.inspectors = { key: 'draws.errors.inspectorsRequired' }
  else if ([...people].some((name) => name.length > drawLimits.person))
    errors.inspectors = { key: 'draws.errors.inspectorTooLong', params: { max: drawLimits.person } }
  else if (people.size > drawLimits.inspectors)
    errors.inspectors = { key: 'draws.errors.inspectorsTooMany', params: { max: drawLimits.inspectors } }
  const m = wholeNumber(draft.perEnterprise)
  if (draft.perEnterprise.trim() === '') errors.perEnterprise = { key: 'draws.errors.perEnterpriseRequired' }
  else if (!Number.isInteger(m) || m < 1 || m > drawLimits.perEnterprise)
    errors.perEnterprise = { key: 'draws.errors.perEnterpriseRange', params: { max: drawLimits.perEnterprise } }
  else if (people.size > 0 && m > people.size)
    errors.perEnterprise = { key: 'draws.errors.perEnterpriseTooMany', params: { m, people: people.size } }
  if (!draft.plannedOn) errors.plannedOn = { key: 'draws.errors.dateRequired' }
  else if (!isDate(draft.plannedOn)) errors.plannedOn = { key: 'draws.errors.dateInvalid' }
  else if (draft.plannedOn < today) errors.plannedOn = { key: 'draws.errors.datePast', params: { today } }
  if (draft.seed.length > drawLimits.seed)
    errors.seed = { key: 'draws.errors.seedTooLong', params: { max: drawLimits.seed } }
  return errors
}

/** The POST /api/draws body of a valid draft. */
export function drawBody(draft: DrawDraft): DrawBody {
  const name = draft.name.trim()
  const seed = draft.seed.trim()
  return {
    ...(name ? { name } : {}),
    filters: {
      ...(draft.towns.length ? { town_code: [...draft.towns] } : {}),
      ...(draft.sectors.length ? { sector: [...draft.sectors] } : {}),
      ...(draft.risks.length ? { risk_level: [...draft.risks] } : {}),
    },
    inspectors: [...new Set(draft.inspectors.map((person) => person.trim()).filter(Boolean))],
    enterprises: Number(draft.enterprises),
    inspectors_per_enterprise: Number(draft.perEnterprise),
    ...(seed ? { seed } : {}),
    planned_on: draft.plannedOn,
  }
}

/**
 * Why the server refused a draw, in the regulator's language, on the field it concerns. What is
 * not recognised is explained by describeError (by code or status, in Chinese), with the server's
 * own words only as its detail.
 */
export function drawFailure(error: unknown, t: Translate): DrawErrors {
  if (error instanceof UnreachableError) return { form: { key: 'draws.errors.unreachable' } }
  if (!(error instanceof HttpError)) return { form: { key: 'draws.errors.unexpected' } }
  const body = (error.body ?? {}) as { error?: unknown; details?: { candidates?: number } }
  const text = typeof body.error === 'string' ? body.error : ''
  if (error.status === 401) return { form: { key: 'draws.errors.loggedOut' } }
  if (error.status === 403) return { form: { key: 'draws.errors.forbidden' } }
  if (error.status === 422) {
    const only = /^Only (\d+) enterprises match the filters; cannot draw (\d+)$/.exec(text)
    if (only)
      return {
        enterprises: { key: 'draws.errors.serverTooMany', params: { candidates: Number(only[1]), n: Number(only[2]) } },
      }
    const people = /^inspectors_per_enterprise \((\d+)\) exceeds the (\d+) inspectors listed$/.exec(text)
    if (people)
      return {
        perEnterprise: { key: 'draws.errors.perEnterpriseTooMany', params: { m: people[1]!, people: people[2]! } },
      }
    const past = /^planned_on (\S+) is before today \((\S+)\)$/.exec(text)
    if (past) return { plannedOn: { key: 'draws.errors.datePast', params: { today: past[2]! } } }
  }
  return { form: { text: describeError(error, t) } }
}
