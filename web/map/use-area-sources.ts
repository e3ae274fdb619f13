import { watch } from 'vue'
import type { FeatureCollection } from 'geojson'
import { labelPoints } from './derive.ts'
import type { useLayerData } from './use-layer-data.ts'
import type { MapHandle } from './use-map.ts'

/**
 * Pushes the towns and grids, and their label points, into the map whenever they arrive. The
 * overview and the wall display both draw them; `onTowns` lets a view derive more from the towns
 * (the wall keeps each town's bounds to fly to).
 */
export function useAreaSources(
  handle: MapHandle,
  layers: ReturnType<typeof useLayerData>,
  onTowns: (towns: FeatureCollection) => void = () => {},
) {
  watch(
    () => layers.data.value.towns,
    (towns) => {
      if (!towns) return
      void handle.setSourceData('towns', towns)
      void handle.setSourceData('town-labels', labelPoints(towns))
      onTowns(towns)
    },
    { immediate: true },
  )
  watch(
    () => layers.data.value.grids,
    (grids) => {
      if (!grids) return
      void handle.setSourceData('grids', grids)
      void handle.setSourceData('grid-labels', labelPoints(grids))
    },
    { immediate: true },
  )
}
