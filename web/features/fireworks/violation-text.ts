import type { Translate } from '../../api/errors.ts'
import { metres } from './map-features.ts'

type Measured = {
  rule: string
  value: number | null
  threshold: number | null
  other_name?: string | null
  other_kind?: string | null
  other_type?: string | null
}

const round = (value: number) => (Math.abs(value) < 10 ? value.toFixed(1) : String(Math.round(value)))

/** What a violation measured, in words: "42.3 米（要求 ≥ 50 米）", "剩余 12 天"… */
export function measureText(v: Measured, t: Translate): string {
  const value = v.value === null ? '' : round(v.value)
  const threshold = v.threshold === null ? '' : round(v.threshold)
  switch (v.rule) {
    case 'outlet_spacing':
    case 'site_distance':
      return t('fireworks.measure.metres', { value, threshold })
    case 'no_fireworks_zone':
      return t('fireworks.measure.inside', { value })
    case 'floor_area':
      return t('fireworks.measure.area', { value, threshold })
    case 'licence_expiring':
      return t('fireworks.measure.daysLeft', { value })
    case 'licence_expired':
      return t('fireworks.measure.expired', { value: v.value === null ? '' : round(Math.abs(v.value)) })
    case 'licence_validity':
      return t('fireworks.measure.validity', { value, threshold })
    default:
      return ''
  }
}

/** The other party: its name, else its kind (a party outside the caller's scope has no name). */
export function otherText(v: Measured, tv: (prefix: string, value: string | null | undefined) => string): string {
  if (!v.other_type) return ''
  const name = v.other_name ?? (v.other_type === 'site' ? tv('siteKind', v.other_kind) : '—')
  return name
}

export { metres }
