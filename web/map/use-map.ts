import * as maplibregl from 'maplibre-gl'
import type { FilterSpecification, GeoJSONSource, LngLatBoundsLike, Map as MapLibreMap } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import { markRaw, onBeforeUnmount, onMounted, shallowRef, type Ref } from 'vue'
import { localIdeographFontFamily } from './fonts.ts'
import { addMarkerImages } from './icons.ts'
import { groupLayerIds, sharedLayers } from './layers/all.ts'
import { layerGroupIds, type LayerGroupId, type LayerSet } from './layers/types.ts'
import { defaultVariant, layerVariant, sourceVariant, type MapVariant } from './layers/variant.ts'
import { baseStyle, countyBounds } from './style.ts'

// The worker is bundled as an asset of our own origin (DESIGN §5: nothing loads from elsewhere).
maplibregl.setWorkerUrl(workerUrl)

export type MapOptions = {
  center: [number, number]
  zoom: number
  /** Layer groups of the shared layers visible at start (without it, every layer shows). */
  visible?: LayerGroupId[]
  /** Start by fitting the county's extent with this padding (instead of center/zoom). */
  fitCounty?: { top: number; bottom: number; left: number; right: number }
  /** Theme, size factor and clustering of the layers (the wall display: dark, scaled up). */
  variant?: MapVariant
  /** Zoom buttons and scale bar (the default), zoom buttons only, or none (a wall display has no mouse). */
  controls?: 'zoom-and-scale' | 'zoom' | 'none'
  /** What the map draws: the shared layer groups (the default), or a view's own set (the grid officer's). */
  layers?: LayerSet
  /** Where the camera may go (default: anywhere). */
  maxBounds?: LngLatBoundsLike
  /** Keep the drawn frame readable (toDataURL), for a page that is printed (the planner's print page). */
  printable?: boolean
}

/**
 * The MapLibre map of a view. The Map object is held in a shallowRef and marked raw (never made
 * reactive, never in Pinia). Sources and layers are added once, on load, from the typed layer
 * data in layers/; afterwards only setData / setFilter / setPaintProperty / feature-state change.
 */
export function useMap(container: Ref<HTMLElement | null>, options: MapOptions) {
  const map = shallowRef<MapLibreMap | null>(null)
  /** Features last given to each source (after filtering, for filtered sources). */
  const sourceCounts: Record<string, number> = {}
  const pendingData = new Set<Promise<void>>()
  let resolveLoaded!: (map: MapLibreMap) => void
  const loaded = new Promise<MapLibreMap>((resolve) => (resolveLoaded = resolve))

  const layerSet = options.layers ?? sharedLayers()

  onMounted(() => {
    if (!container.value) return
    const variant = options.variant ?? defaultVariant
    const instance = markRaw(
      new maplibregl.Map({
        container: container.value,
        style: baseStyle(variant.theme),
        ...(options.fitCounty
          ? { bounds: countyBounds, fitBoundsOptions: { padding: options.fitCounty } }
          : { center: options.center, zoom: options.zoom }),
        minZoom: 7,
        maxZoom: 18,
        maxBounds: options.maxBounds,
        localIdeographFontFamily,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        fadeDuration: 150,
        ...(options.printable ? { canvasContextAttributes: { preserveDrawingBuffer: true } } : {}),
      }),
    )
    instance.touchZoomRotate.disableRotation()
    const controls = options.controls ?? 'zoom-and-scale'
    if (controls !== 'none')
      instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right')
    if (controls === 'zoom-and-scale')
      instance.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right')
    instance.on('load', () => {
      addMarkerImages(instance)
      for (const [id, source] of Object.entries(layerSet.sources))
        instance.addSource(id, sourceVariant(source, variant))
      for (const layer of layerSet.layers) instance.addLayer(layerVariant(layer, variant))
      if (options.visible) setGroupsVisible(instance, options.visible)
      resolveLoaded(instance)
    })
    map.value = instance
  })

  onBeforeUnmount(() => {
    map.value?.remove()
    map.value = null
  })

  function setGroupsVisible(instance: MapLibreMap, visible: LayerGroupId[]) {
    for (const layer of layerSet.layers) {
      const group = layerGroupIds.find((id) => groupLayerIds(id).includes(layer.id))
      const shown = group ? visible.includes(group) : true
      instance.setLayoutProperty(layer.id, 'visibility', shown ? 'visible' : 'none')
    }
  }

  async function setSourceData(sourceId: string, data: GeoJSON.FeatureCollection) {
    const instance = await loaded
    sourceCounts[sourceId] = data.features.length
    const update = (instance.getSource(sourceId) as GeoJSONSource | undefined)?.setData(data) ?? Promise.resolve()
    pendingData.add(update)
    await update.finally(() => pendingData.delete(update))
  }

  /** Resolves when every setData so far has been applied and the map has rendered it (idle). */
  async function settled() {
    const instance = await loaded
    while (pendingData.size > 0) await Promise.all([...pendingData])
    await new Promise<void>((resolve) => {
      instance.once('idle', () => resolve())
      instance.triggerRepaint()
    })
  }

  async function setVisibleGroups(visible: LayerGroupId[]) {
    setGroupsVisible(await loaded, visible)
  }

  async function setFilter(layerIds: string[], filter: FilterSpecification | null, base?: FilterSpecification) {
    const instance = await loaded
    const combined = base && filter ? (['all', base, filter] as FilterSpecification) : (filter ?? base ?? null)
    for (const id of layerIds) if (instance.getLayer(id)) instance.setFilter(id, combined)
  }

  async function setFeatureStates(source: string, states: Map<string | number, Record<string, unknown>>) {
    const instance = await loaded
    instance.removeFeatureState({ source })
    for (const [id, state] of states) instance.setFeatureState({ source, id }, state)
  }

  return { map, loaded, sourceCounts, settled, setSourceData, setVisibleGroups, setFilter, setFeatureStates }
}

export type MapHandle = ReturnType<typeof useMap>
