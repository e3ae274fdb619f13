import type { Feature, FeatureCollection, Point, Position } from 'geojson'
import type { OutletCollection } from '../../api/fireworks.ts'
import type { PlanChange } from '../../api/fireworks-plans.ts'
import type { CheckLayers } from './candidate-check.ts'

/**
 * An outlet as the planner's map and the browser twin see it: today's outlets with a plan's
 * changes applied (closed, moved, added). `key` names it across both: `o<id>` for a stored outlet,
 * `r<ref>` for one the plan adds.
 */
export type LayoutOutlet = {
  key: string
  id: number | null
  ref: string | null
  name: string
  kind: string
  status: string
  at: Position
  change: PlanChange['kind'] | null
}

export const outletKey = (id: number | null, ref: string | null) => (id !== null ? `o${id}` : `r${ref}`)

/** The layout counts active and planned outlets (FIREWORKS.md "Definitions"). */
export const inLayout = (outlet: Pick<LayoutOutlet, 'status'>) =>
  outlet.status === 'active' || outlet.status === 'planned'

/** Every outlet of the collection, any status. */
export function currentOutlets(outlets: OutletCollection | null): LayoutOutlet[] {
  return (outlets?.features ?? []).map(({ properties: p, geometry }) => ({
    key: outletKey(p.id, null),
    id: p.id,
    ref: null,
    name: p.name,
    kind: p.kind,
    status: p.status,
    at: geometry.coordinates,
    change: null,
  }))
}

/** A line from each outlet to its wholesale supplier, where the caller can see the supplier. */
export function supplyLines(outlets: OutletCollection | null): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: (outlets?.features ?? []).flatMap(({ properties: p, geometry }) =>
      p.supplier_lon === null || p.supplier_lat === null
        ? []
        : [
            {
              type: 'Feature' as const,
              geometry: {
                type: 'LineString' as const,
                coordinates: [geometry.coordinates, [p.supplier_lon, p.supplier_lat]],
              },
              properties: { outlet_id: p.id, status: p.status },
            },
          ],
    ),
  }
}

/** Today's outlets with `changes` applied; a change to an outlet no longer there is skipped. */
export function planLayout(current: LayoutOutlet[], changes: readonly PlanChange[]): LayoutOutlet[] {
  const byId = new Map(changes.flatMap((c) => (c.kind === 'add' ? [] : [[c.outlet_id, c] as const])))
  const layout = current.map((outlet): LayoutOutlet => {
    const change = outlet.id === null ? undefined : byId.get(outlet.id)
    if (!change) return outlet
    if (change.kind === 'close') return { ...outlet, status: 'closed', change: 'close' }
    if (change.kind === 'move') return { ...outlet, at: [change.lon, change.lat], change: 'move' }
    return outlet
  })
  for (const change of changes) {
    if (change.kind !== 'add') continue
    layout.push({
      key: outletKey(null, change.ref),
      id: null,
      ref: change.ref,
      name: change.name,
      kind: change.outlet_kind,
      status: 'planned',
      at: [change.lon, change.lat],
      change: 'add',
    })
  }
  return layout
}

/** The outlets source of the map: every outlet (a closed one greyed), keyed. */
export function outletCollection(layout: LayoutOutlet[], violationCounts = new Map<string, number>()) {
  return {
    type: 'FeatureCollection',
    features: layout.map((outlet): Feature<Point> => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: outlet.at },
      properties: {
        key: outlet.key,
        name: outlet.name,
        kind: outlet.kind,
        status: outlet.status,
        change: outlet.change,
        violations: violationCounts.get(outlet.key) ?? 0,
      },
    })),
  } satisfies FeatureCollection
}

/** A ring for each change of the plan (added green, moved blue, closed grey). */
export function planMarks(layout: LayoutOutlet[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: layout
      .filter((outlet) => outlet.change)
      .map((outlet) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: outlet.at },
        properties: { key: outlet.key, change: outlet.change },
      })),
  }
}

/**
 * The browser twin's layers for a layout: the prepared sites and zones, and the layout's outlets
 * (all but `exceptKey`, the one being dragged). Added outlets get negative ids (the twin wants numbers).
 */
export function twinLayers(
  layout: LayoutOutlet[],
  prepared: CheckLayers,
  exceptKey: string | null = null,
): CheckLayers {
  const outlets = layout
    .filter((outlet) => inLayout(outlet) && outlet.key !== exceptKey)
    .map((outlet, index) => ({ id: outlet.id ?? -(index + 1), name: outlet.name, kind: outlet.kind, at: outlet.at }))
  return { ...prepared, outlets }
}
