import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { MapFilters } from '../map/filters.ts'
import type { GridMetric } from '../map/grid-metrics.ts'
import type { LayerGroupId } from '../map/layers/types.ts'
import { defaultView, type Selection, type ViewState } from '../map/url-state.ts'

/** The map view as plain data (the Map object itself lives in useMap). Mirrored in the URL. */
export const useViewStore = defineStore('view', () => {
  const initial = defaultView()
  const center = ref<[number, number]>(initial.center)
  const zoom = ref(initial.zoom)
  const layers = ref<LayerGroupId[]>(initial.layers)
  const metric = ref<GridMetric>(initial.metric)
  const filters = ref<MapFilters>(initial.filters)
  const selection = ref<Selection | null>(initial.selection)

  function apply(view: ViewState) {
    center.value = view.center
    zoom.value = view.zoom
    layers.value = view.layers
    metric.value = view.metric
    filters.value = view.filters
    selection.value = view.selection
  }

  function snapshot(): ViewState {
    return {
      center: center.value,
      zoom: zoom.value,
      layers: layers.value,
      metric: metric.value,
      filters: filters.value,
      selection: selection.value,
    }
  }

  function toggleLayer(id: LayerGroupId, visible = !layers.value.includes(id)) {
    const others = layers.value.filter((layer) => layer !== id)
    layers.value = visible ? [...others, id] : others
  }

  function setFilters(patch: Partial<MapFilters>) {
    filters.value = { ...filters.value, ...patch }
  }

  return { center, zoom, layers, metric, filters, selection, apply, snapshot, toggleLayer, setFilters }
})
