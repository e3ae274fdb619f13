import { describe, expect, test } from 'vitest'
import type { OutletCollection } from '../../../../web/api/fireworks.ts'
import type { CheckLayers } from '../../../../web/features/fireworks/candidate-check.ts'
import {
  currentOutlets,
  inLayout,
  outletCollection,
  outletKey,
  planLayout,
  planMarks,
  supplyLines,
  twinLayers,
  type LayoutOutlet,
} from '../../../../web/features/fireworks/plan-layout.ts'

type Properties = OutletCollection['features'][number]['properties']
const feature = (id: number, at: [number, number], extra: Partial<Properties> = {}) => ({
  type: 'Feature' as const,
  id,
  geometry: { type: 'Point' as const, coordinates: at },
  properties: {
    id,
    name: `网点${id}`,
    kind: 'fixed',
    status: 'active',
    supplier_lon: null,
    supplier_lat: null,
    ...extra,
  } as Properties,
})
const collection = (...features: ReturnType<typeof feature>[]) =>
  ({ type: 'FeatureCollection', actions: [], features }) as unknown as OutletCollection

const today = collection(
  feature(1, [120.25, 33.77]),
  feature(2, [120.26, 33.78], { kind: 'temporary', supplier_lon: 120.3, supplier_lat: 33.8 } as Partial<Properties>),
  feature(3, [120.27, 33.79], { status: 'closed' } as Partial<Properties>),
)

describe('plan-layout', () => {
  test('today’s outlets, any status, keyed o<id>', () => {
    const outlets = currentOutlets(today)
    expect(outlets.map((o) => [o.key, o.status, o.change])).toEqual([
      ['o1', 'active', null],
      ['o2', 'active', null],
      ['o3', 'closed', null],
    ])
    expect(currentOutlets(null)).toEqual([])
    expect(outletKey(7, null)).toBe('o7')
    expect(outletKey(null, 'new-1')).toBe('rnew-1')
  })

  test('the layout is the active and planned outlets', () => {
    expect(['active', 'planned', 'suspended', 'closed'].map((status) => inLayout({ status }))).toEqual([
      true,
      true,
      false,
      false,
    ])
  })

  test('a plan closes, moves and adds; a change to an outlet no longer there is skipped; nothing is mutated', () => {
    const current = currentOutlets(today)
    const frozen = JSON.stringify(current)
    const layout = planLayout(current, [
      { kind: 'close', outlet_id: 1 },
      { kind: 'move', outlet_id: 2, lon: 120.261, lat: 33.781 },
      { kind: 'close', outlet_id: 99 },
      {
        kind: 'add',
        ref: 'new-1',
        name: '新增一号',
        outlet_kind: 'temporary',
        lon: 120.28,
        lat: 33.8,
        floor_area_m2: 20,
      },
    ])
    expect(layout.map((o) => [o.key, o.status, o.change, o.at])).toEqual([
      ['o1', 'closed', 'close', [120.25, 33.77]],
      ['o2', 'active', 'move', [120.261, 33.781]],
      ['o3', 'closed', null, [120.27, 33.79]],
      ['rnew-1', 'planned', 'add', [120.28, 33.8]],
    ])
    expect(layout[3]).toMatchObject({ id: null, ref: 'new-1', kind: 'temporary', name: '新增一号' })
    expect(JSON.stringify(current)).toBe(frozen)
    expect(planLayout(current, [])).toEqual(current)
  })

  test('supply lines run from each outlet to a supplier the caller can see', () => {
    const lines = supplyLines(today)
    expect(lines.features).toHaveLength(1)
    expect(lines.features[0]!.geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [120.26, 33.78],
        [120.3, 33.8],
      ],
    })
    expect(lines.features[0]!.properties).toEqual({ outlet_id: 2, status: 'active' })
  })

  test('the map’s outlets carry key, change and violation count; the plan marks only the changed', () => {
    const layout = planLayout(currentOutlets(today), [{ kind: 'close', outlet_id: 1 }])
    const source = outletCollection(layout, new Map([['o2', 3]]))
    expect(source.features.map((f) => [f.properties!.key, f.properties!.change, f.properties!.violations])).toEqual([
      ['o1', 'close', 0],
      ['o2', null, 3],
      ['o3', null, 0],
    ])
    expect(planMarks(layout).features.map((f) => f.properties)).toEqual([{ key: 'o1', change: 'close' }])
  })

  test('the browser twin measures against the layout minus the dragged outlet; added ones get negative ids', () => {
    const prepared = { outlets: [], sites: [], zones: [] } as unknown as CheckLayers
    const layout: LayoutOutlet[] = planLayout(currentOutlets(today), [
      { kind: 'close', outlet_id: 1 },
      { kind: 'add', ref: 'a', name: 'A', outlet_kind: 'fixed', lon: 120.29, lat: 33.81, floor_area_m2: 20 },
    ])
    expect(twinLayers(layout, prepared).outlets.map((o) => o.id)).toEqual([2, -2])
    expect(twinLayers(layout, prepared, 'o2').outlets.map((o) => o.id)).toEqual([-1])
    expect(twinLayers(layout, prepared, 'ra').outlets.map((o) => [o.id, o.name])).toEqual([[2, '网点2']])
  })
})
