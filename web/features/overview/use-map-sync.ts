import type { FilterSpecification } from 'maplibre-gl'
import { watch, type ShallowRef } from 'vue'
import type { GridStatsList } from '../../api/stats.ts'
import { useRulesStore } from '../../stores/rules.ts'
import { useViewStore } from '../../stores/view.ts'
import {
  chemicalUnits,
  confinedSpacesByEnterprise,
  dustWithAlerts,
  supplierLines,
  type PointCollection,
} from '../../map/derive.ts'
import { filterExpression, matchesFilters } from '../../map/filters.ts'
import { gridFillColor, gridMetrics, metricValue } from '../../map/grid-metrics.ts'
import { useAreaSources } from '../../map/use-area-sources.ts'
import type { useLayerData } from '../../map/use-layer-data.ts'
import type { MapHandle } from '../../map/use-map.ts'

/** Layers whose features belong to an enterprise, so sector and risk filters apply to them. */
const enterpriseLayers = ['dust-point', 'confined-spaces-point', 'chemicals-point']
const areaLayers = ['grids-fill', 'grids-line', 'grids-label']
const siteLayers = ['fireworks-outlets-point', 'supplier-lines', 'sensitive-sites-point', 'zones-fill', 'zones-line']

/**
 * Pushes the view store and the loaded data into the map: source data when data arrives, layer
 * visibility, filters (setFilter; the clustered enterprise source gets filtered data, because
 * clusters must count only what is shown), the grid metric (setPaintProperty) and the grid
 * statistics (feature-state).
 */
export function useMapSync(
  handle: MapHandle,
  layers: ReturnType<typeof useLayerData>,
  gridStats: ShallowRef<GridStatsList | null>,
) {
  const view = useViewStore()
  // The live thresholds (settings): the dust alerts and the chemical classes wait for them.
  const rules = useRulesStore()
  void rules.load()

  useAreaSources(handle, layers)
  watch(
    () => layers.data.value.zones,
    (zones) => zones && void handle.setSourceData('zones', zones),
    { immediate: true },
  )
  watch(
    () => layers.data.value['sensitive-sites'],
    (sites) => sites && void handle.setSourceData('sensitive-sites', sites),
    { immediate: true },
  )
  watch(
    [() => layers.points('dust'), () => rules.rules?.dust_shift_threshold],
    ([dust, threshold]) =>
      dust &&
      threshold !== undefined &&
      void handle.setSourceData('dust', dustWithAlerts(dust as PointCollection, threshold)),
    { immediate: true },
  )
  watch(
    () => layers.points('confined-spaces'),
    (spaces) =>
      spaces && void handle.setSourceData('confined-spaces', confinedSpacesByEnterprise(spaces as PointCollection)),
    { immediate: true },
  )
  watch(
    () => layers.points('enterprises'),
    (enterprises) =>
      enterprises && void handle.setSourceData('chemicals', chemicalUnits(enterprises as PointCollection)),
    { immediate: true },
  )
  watch(
    [() => layers.points('fireworks-outlets'), () => layers.points('enterprises')],
    ([outlets, enterprises]) => {
      if (!outlets) return
      void handle.setSourceData('fireworks-outlets', outlets)
      if (enterprises)
        void handle.setSourceData(
          'supplier-lines',
          supplierLines(outlets as PointCollection, enterprises as PointCollection),
        )
    },
    { immediate: true },
  )
  watch(
    [() => layers.points('enterprises'), () => view.filters],
    ([enterprises, filters]) => {
      if (!enterprises) return
      const features = enterprises.features.filter((feature) => matchesFilters(feature.properties, filters, true))
      void handle.setSourceData('enterprises', { type: 'FeatureCollection', features })
    },
    { immediate: true },
  )

  watch(
    () => view.filters,
    (filters) => {
      void handle.setFilter(enterpriseLayers, filterExpression(filters, true))
      void handle.setFilter(siteLayers, filterExpression(filters, false))
      void handle.setFilter(areaLayers, filterExpression(filters, false))
    },
    { immediate: true },
  )

  watch(
    () => view.layers,
    (visible) => {
      void layers.loadGroups(visible)
      void handle.setVisibleGroups(visible)
    },
    { immediate: true },
  )

  watch(
    () => view.metric,
    async (metric) => {
      const map = await handle.loaded
      map.setPaintProperty('grids-fill', 'fill-color', gridFillColor(metric))
    },
    { immediate: true },
  )

  watch(
    gridStats,
    (stats) => {
      if (!stats) return
      const states = new Map<string, Record<string, unknown>>()
      for (const grid of stats.grids) {
        states.set(grid.code, Object.fromEntries(gridMetrics.map((metric) => [metric, metricValue(grid, metric)])))
      }
      void handle.setFeatureStates('grids', states)
    },
    { immediate: true },
  )

  watch(
    () => view.selection,
    async (selection, previous) => {
      const map = await handle.loaded
      const gridFilter: FilterSpecification = ['==', ['get', 'code'], selection?.kind === 'grid' ? selection.code : '']
      map.setFilter('grids-selected', gridFilter)
      if (previous?.kind === 'town') map.setFeatureState({ source: 'towns', id: previous.code }, { selected: false })
      if (selection?.kind === 'town') map.setFeatureState({ source: 'towns', id: selection.code }, { selected: true })
    },
    { immediate: true },
  )
}
