// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest'
import { defaultView, parseViewQuery, viewQuery } from '../../../web/map/url-state.ts'

describe('view state in the URL', () => {
  test('a full view survives the query and back', () => {
    const view = {
      center: [120.2527, 33.7751] as [number, number],
      zoom: 11.5,
      layers: ['towns', 'grids', 'enterprises', 'dust'] as const,
      metric: 'overdue_hazards' as const,
      filters: { towns: ['320924100'], sectors: ['hazchem' as const], risks: ['major' as const, 'high' as const] },
      selection: { kind: 'grid' as const, code: '320924100001' },
    }
    const query = viewQuery({ ...view, layers: [...view.layers] })
    expect(query).toEqual({
      c: '120.25270,33.77510',
      z: '11.50',
      l: 'towns,grids,enterprises,dust',
      m: 'overdue_hazards',
      town: '320924100',
      sector: 'hazchem',
      risk: 'major,high',
      sel: 'grid:320924100001',
    })
    expect(parseViewQuery(query as Record<string, string>)).toEqual({ ...view, layers: [...view.layers] })
  })

  test('the default view needs only centre and zoom', () => {
    expect(Object.keys(viewQuery(defaultView()))).toEqual(['c', 'z'])
  })

  test('malformed values fall back to the defaults and unknown ones are dropped', () => {
    const view = parseViewQuery({
      c: 'x,y',
      z: '99',
      m: 'nope',
      risk: 'major,purple',
      sector: 'bakery',
      town: '12,320924101',
      sel: 'farm:1',
      l: 'grids,nonsense',
    })
    expect(view.center).toEqual(defaultView().center)
    expect(view.zoom).toBe(defaultView().zoom)
    expect(view.metric).toBe('open_hazards')
    expect(view.filters).toEqual({ towns: ['320924101'], sectors: [], risks: ['major'] })
    expect(view.selection).toBeNull()
    expect(view.layers).toEqual(['grids'])
  })

  test('an empty layer list in the URL means no layers, not the default', () => {
    expect(parseViewQuery({ l: '' }).layers).toEqual([])
    expect(viewQuery({ ...defaultView(), layers: [] }).l).toBe('')
  })
})
