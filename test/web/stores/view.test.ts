// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, test } from 'vitest'
import { useViewStore } from '../../../web/stores/view.ts'

describe('the view store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  test('starts with towns, grids and enterprises and toggles layers', () => {
    const view = useViewStore()
    expect(view.layers).toEqual(['towns', 'grids', 'enterprises'])
    view.toggleLayer('dust')
    view.toggleLayer('grids')
    expect(view.layers).toEqual(['towns', 'enterprises', 'dust'])
    view.toggleLayer('dust', true)
    expect(view.layers).toEqual(['towns', 'enterprises', 'dust'])
  })

  test('filters are replaced, not mutated, so watchers see each change', () => {
    const view = useViewStore()
    const before = view.filters
    view.setFilters({ risks: ['major'] })
    expect(view.filters).toEqual({ towns: [], sectors: [], risks: ['major'] })
    expect(before).toEqual({ towns: [], sectors: [], risks: [] })
  })
})
