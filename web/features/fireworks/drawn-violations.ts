import type { Position } from 'geojson'
import type { OutletViolation } from '../../api/fireworks.ts'
import type { PlanViolation } from '../../api/fireworks-plans.ts'
import type { DrawnViolation, Placed } from './map-features.ts'
import { outletKey, type LayoutOutlet } from './plan-layout.ts'

/**
 * Violations as the map draws them: the judged outlet's place and the other party's, looked up in
 * the layout shown (so a moved outlet's lines follow it) and the sites.
 */
export function drawnViolations(
  violations: readonly (OutletViolation | PlanViolation)[],
  layout: LayoutOutlet[],
  sites: Placed[],
): DrawnViolation[] {
  const outletAt = new Map<string, Position>(layout.map((o) => [o.key, o.at]))
  const siteAt = new Map<number, Position>(sites.map((s) => [s.id, s.at]))
  const drawn: DrawnViolation[] = []
  for (const v of violations) {
    const subject = 'subject' in v ? outletKey(v.subject.outlet_id, v.subject.ref) : outletKey(v.outlet_id, null)
    const at = outletAt.get(subject)
    if (!at) continue
    let otherAt: Position | null = null
    if (v.other_type === 'outlet') {
      const ref = 'other_ref' in v ? (v.other_ref ?? null) : null
      otherAt = v.other_id !== null || ref ? (outletAt.get(outletKey(v.other_id, ref)) ?? null) : null
    } else if (v.other_type === 'site' && v.other_id !== null) otherAt = siteAt.get(v.other_id) ?? null
    drawn.push({ ...v, at, otherAt, key: `${subject}:${v.rule}:${v.other_type ?? ''}:${v.other_id ?? ''}` })
  }
  return drawn
}

/** Violations (errors) per outlet key, for the outlets' labels and the towns table. */
export function violationSubjects(violations: readonly (OutletViolation | PlanViolation)[]): Set<string> {
  return new Set(
    violations
      .filter((v) => v.severity === 'error')
      .map((v) => ('subject' in v ? outletKey(v.subject.outlet_id, v.subject.ref) : outletKey(v.outlet_id, null))),
  )
}
