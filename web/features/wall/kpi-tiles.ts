import type { Kpi, Summary } from '../../api/stats.ts'
import type { MessageKey } from '../../i18n/messages.ts'

/** One KPI tile of the wall: what it shows, already formatted. */
export type KpiTile = {
  key: string
  label: MessageKey
  /** The actual value ("3", "87.5%"), or "—" when there is none. */
  value: string
  /** The target ("≥ 5", "100%"), or null when the KPI has no target. */
  target: string | null
  /** For percentages: the counts ("35/40"). */
  detail: string | null
  met: boolean | null
}

/** The KPIs of issue 5 / DOMAIN §8, in the order the wall shows them. */
export const wallKpis: { key: string; label: MessageKey }[] = [
  { key: 'county_comprehensive_inspections', label: 'wall.kpi.comprehensive' },
  { key: 'special_inspections', label: 'wall.kpi.special' },
  { key: 'unannounced_inspections', label: 'wall.kpi.unannounced' },
  { key: 'listing_rounds', label: 'wall.kpi.listingRounds' },
  { key: 'listed_hazards_per_round', label: 'wall.kpi.listedPerRound' },
  { key: 'standardization_level2_new', label: 'wall.kpi.level2' },
  { key: 'standardization_level3_new', label: 'wall.kpi.level3' },
  { key: 'standardization_micro_new', label: 'wall.kpi.micro' },
  { key: 'dust_over_threshold_verified_pct', label: 'wall.kpi.dustVerified' },
  { key: 'county_drills', label: 'wall.kpi.drills' },
  { key: 'hazard_closure_rate_pct', label: 'wall.kpi.closureRate' },
  { key: 'major_hazard_closure_rate_pct', label: 'wall.kpi.majorClosureRate' },
]

const sign: Record<Kpi['comparison'], string> = { at_least: '≥ ', at_most: '≤ ', below: '< ' }

/** A KPI value as the wall shows it: counts as integers, percentages with one decimal. */
export function formatKpiValue(value: number | null, unit: Kpi['unit']): string {
  if (value === null) return '—'
  if (unit === 'percent') return `${(Math.round(value * 10) / 10).toFixed(1)}%`
  return String(value)
}

export function kpiTile(kpi: Kpi, label: MessageKey): KpiTile {
  return {
    key: kpi.key,
    label,
    value: formatKpiValue(kpi.actual, kpi.unit),
    target:
      kpi.target === null
        ? null
        : kpi.unit === 'percent' && kpi.target === 100
          ? '100%'
          : `${sign[kpi.comparison]}${formatKpiValue(kpi.target, kpi.unit)}`,
    detail: kpi.parts ? `${kpi.parts.part}/${kpi.parts.whole}` : null,
    met: kpi.met,
  }
}

/** The wall's KPI tiles from /api/stats/summary; a KPI the server did not send is left out. */
export function kpiTiles(summary: Summary): KpiTile[] {
  return wallKpis.flatMap(({ key, label }) => {
    const kpi = summary.kpis.find((k) => k.key === key)
    return kpi ? [kpiTile(kpi, label)] : []
  })
}

/** 双下降 (DOMAIN §7): accidents and deaths this period against the same period a year before. */
export function accidentTile(summary: Summary) {
  const { count, deaths, previous, double_decline: doubleDecline } = summary.accidents
  return { count, deaths, previousCount: previous.count, previousDeaths: previous.deaths, doubleDecline }
}
