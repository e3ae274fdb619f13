import { bbox } from '@turf/turf'
import type { LngLatBoundsLike } from 'maplibre-gl'
import { watch, type Ref, type ShallowRef } from 'vue'
import type { GridStatsList } from '../../api/stats.ts'
import type { PointCollection } from '../../map/derive.ts'
import { gridFillColor } from '../../map/grid-metrics.ts'
import { useAreaSources } from '../../map/use-area-sources.ts'
import type { useLayerData } from '../../map/use-layer-data.ts'
import type { MapHandle } from '../../map/use-map.ts'
import { countyBounds } from '../../map/style.ts'

/** Room left around the county or a town, as a share of the map's size. */
const paddingShare = 0.05

/**
 * Pushes the wall's data into its map: towns, grids (filled by their highest risk, as
 * feature-state) and every enterprise in the four risk colours; the toured town is highlighted by
 * feature-state and flown to. Only setData / feature-state change after the layers were added.
 */
export function useWallMap(
  handle: MapHandle,
  layers: ReturnType<typeof useLayerData>,
  gridStats: ShallowRef<GridStatsList | null>,
  town: Ref<string | null>,
  /** Pixels on the right of the map covered by the town card while a town is shown. */
  cardWidth: () => number,
) {
  const townBounds = new Map<string, LngLatBoundsLike>()

  void handle.loaded.then((map) => {
    map.setPaintProperty('grids-fill', 'fill-color', gridFillColor('highest_risk'))
    // Hundreds of village names cannot be read across a room; town names stay.
    map.setLayoutProperty('grids-label', 'visibility', 'none')
  })

  useAreaSources(handle, layers, (towns) => {
    townBounds.clear()
    for (const feature of towns.features) {
      const [west, south, east, north] = bbox(feature)
      townBounds.set(String(feature.properties?.code), [west, south, east, north])
    }
    if (town.value) void fly(town.value)
  })
  watch(
    () => layers.points('enterprises'),
    (enterprises) => enterprises && void handle.setSourceData('enterprises', enterprises as PointCollection),
    { immediate: true },
  )
  watch(
    gridStats,
    (stats) => {
      if (!stats) return
      const states = new Map<string, Record<string, unknown>>()
      for (const grid of stats.grids) states.set(grid.code, { highest_risk: grid.enterprises.highest_risk_level })
      void handle.setFeatureStates('grids', states)
    },
    { immediate: true },
  )

  async function fly(code: string | null) {
    const map = await handle.loaded
    const canvas = map.getCanvas()
    const margin = Math.round(Math.min(canvas.clientWidth, canvas.clientHeight) * paddingShare)
    const bounds = code ? townBounds.get(code) : countyBounds
    if (!bounds) return
    const right = code ? margin + cardWidth() : margin
    map.fitBounds(bounds, {
      padding: { top: margin, bottom: margin, left: margin, right },
      duration: 2500,
      essential: true,
    })
  }

  watch(
    town,
    async (code, previous) => {
      const map = await handle.loaded
      if (previous) map.setFeatureState({ source: 'towns', id: previous }, { selected: false })
      if (code) map.setFeatureState({ source: 'towns', id: code }, { selected: true })
      await fly(code)
    },
    { immediate: true },
  )
}
